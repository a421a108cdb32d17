package org.firmament.application.port.in;

import org.firmament.domain.device.Device;

/**
 * Use case: which binary a device should fetch for its latest update (seed 003's download); its
 * bytes are read through {@link DownloadBinaryUseCase#open}. The caller has authenticated the
 * device first ({@link AuthenticateDeviceUseCase}).
 */
public interface DownloadDeviceFirmwareUseCase {

    /**
     * The stored binary of the device's latest update, and whether it was found corrupt.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE_UPDATE when the device has no
     *     update, or its image no longer holds a stored binary
     */
    DownloadableBinary latestBinary(Device device);

}
