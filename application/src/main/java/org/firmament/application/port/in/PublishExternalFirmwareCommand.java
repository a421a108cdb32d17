package org.firmament.application.port.in;

import org.firmament.domain.Names;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * Publish a firmware file that lives elsewhere as a new image of {@code type} at {@code version}.
 * A type the project does not have yet is created with {@code schemeForNewType}.
 */
public record PublishExternalFirmwareCommand(ProjectId projectId, FirmwareTypeName type, FirmwareVersion version,
                                             Artifact.ExternalUrl url, VersionScheme schemeForNewType) {

    public PublishExternalFirmwareCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("type", type);
        Names.requirePresent("version", version);
        Names.requirePresent("url", url);
        Names.requirePresent("versionScheme", schemeForNewType);
    }
}
