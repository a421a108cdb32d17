package org.firmament.application.port.in;

import java.io.InputStream;
import org.firmament.domain.Names;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Store {@code content} as the binary of an image. {@code content} is read to its end and not
 * closed; the caller owns it.
 */
public record AttachBinaryCommand(ProjectId projectId, ImageId imageId, String filename, InputStream content) {

    public AttachBinaryCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("imageId", imageId);
        Names.requireText("filename", filename, Artifact.StoredBinary.MAX_FILENAME_LENGTH);
        Names.requirePresent("content", content);
    }
}
