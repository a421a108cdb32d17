package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * Change an image's type and version, and point it at {@code url} when given (replacing any
 * stored binary); without {@code url} the artifact stays as it is.
 */
public record ReviseImageCommand(ProjectId projectId, ImageId imageId, FirmwareTypeName type,
                                 FirmwareVersion version, Optional<Artifact.ExternalUrl> url,
                                 VersionScheme schemeForNewType) {

    public ReviseImageCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("imageId", imageId);
        Names.requirePresent("type", type);
        Names.requirePresent("version", version);
        Names.requirePresent("url", url);
        Names.requirePresent("versionScheme", schemeForNewType);
    }
}
