package org.firmament.application.port.in;

import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.Device;

/** Use case: a device reports the bundle it has installed (seed 002's Firmware Info). */
public interface ReportFirmwareInfoUseCase {

    /** @return the device as stored afterwards */
    Device reportInstalled(Device device, BundleId installed);

    /**
     * What the device last reported as installed.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device
     */
    java.util.Optional<BundleId> installedBundle(org.firmament.domain.project.ProjectId projectId,
                                                 org.firmament.domain.device.DeviceId deviceId);
}
