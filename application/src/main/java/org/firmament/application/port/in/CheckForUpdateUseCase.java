package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/** Use case: a device on {@code installed} asks whether a newer release of its firmware type exists. */
public interface CheckForUpdateUseCase {

    /**
     * The latest release when the device should install it, empty when it is up to date (the rule
     * of {@link org.firmament.domain.firmware.LatestRelease}, as {@link
     * org.firmament.domain.device.UpdatePolicy#latestReleaseFor} applies it).
     *
     * @throws org.firmament.domain.NotFoundException with subject FIRMWARE_TYPE when the project has no such type
     * @throws org.firmament.domain.InvalidValueException when {@code installed} is not written in the type's scheme
     */
    Optional<FirmwareImage> updateFor(ProjectId projectId, FirmwareTypeName type, FirmwareVersion installed);
}
