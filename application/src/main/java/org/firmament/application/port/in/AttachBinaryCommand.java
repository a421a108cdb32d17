package org.firmament.application.port.in;

import java.io.InputStream;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Store {@code content} as the binary of an image. {@code content} is read to its end and not
 * closed; the caller owns it. When the uploader stated the SHA-256 of what it sends, the bytes
 * that arrive must have it.
 */
public record AttachBinaryCommand(ProjectId projectId, ImageId imageId, String filename, InputStream content,
                                  Optional<Digest> expectedSha256) {

    public AttachBinaryCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("imageId", imageId);
        Names.requireText("filename", filename, Artifact.StoredBinary.MAX_FILENAME_LENGTH);
        Names.requirePresent("content", content);
        Names.requirePresent("expectedSha256", expectedSha256);
    }

    /** An upload whose digest the uploader did not state. */
    public AttachBinaryCommand(ProjectId projectId, ImageId imageId, String filename, InputStream content) {
        this(projectId, imageId, filename, content, Optional.empty());
    }
}
