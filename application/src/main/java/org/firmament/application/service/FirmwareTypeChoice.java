package org.firmament.application.service;

import java.time.Instant;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * The firmware type an image goes to: the project's type of that name, or a new one with the
 * given scheme, stored only once the image has passed every check (so a refused image leaves no
 * empty type behind). Shared by every use case that creates images.
 */
record FirmwareTypeChoice(FirmwareType type, boolean isNew) {

    static FirmwareTypeChoice of(FirmwareTypeRepository types, ProjectId projectId, FirmwareTypeName name,
                                 VersionScheme schemeForNewType, Instant now) {
        return types.find(projectId, name)
                .map(existing -> new FirmwareTypeChoice(existing, false))
                .orElseGet(() -> new FirmwareTypeChoice(FirmwareType.create(projectId, name, schemeForNewType, now), true));
    }

    /** Stores the type if it is new. */
    void addIfNew(FirmwareTypeRepository types) {
        if (isNew) {
            types.add(type);
        }
    }
}
