package org.firmament.application.port.in;

import org.firmament.domain.Names;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/** Create the firmware type {@code name} in a project, its versions written in {@code scheme}. */
public record CreateFirmwareTypeCommand(ProjectId projectId, FirmwareTypeName name, VersionScheme scheme) {

    public CreateFirmwareTypeCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("name", name);
        Names.requirePresent("versionScheme", scheme);
    }
}
