package org.firmament.application.port.in;

import org.firmament.domain.Names;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * Register a new image of {@code type} at {@code version}. When the project has no such type yet,
 * it is created with {@code schemeForNewType}; an existing type keeps its own scheme.
 */
public record RegisterImageCommand(ProjectId projectId, FirmwareTypeName type, FirmwareVersion version,
                                   VersionScheme schemeForNewType) {

    public RegisterImageCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("type", type);
        Names.requirePresent("version", version);
        Names.requirePresent("versionScheme", schemeForNewType);
    }
}
