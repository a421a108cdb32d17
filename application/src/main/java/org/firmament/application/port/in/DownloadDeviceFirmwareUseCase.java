package org.firmament.application.port.in;

import java.io.InputStream;
import org.firmament.domain.device.Device;
import org.firmament.domain.firmware.Artifact;

/**
 * Use case: a device fetches the binary of its latest update (seed 003's download). The caller has
 * authenticated the device first ({@link AuthenticateDeviceUseCase}).
 */
public interface DownloadDeviceFirmwareUseCase {

    /**
     * The stored binary of the device's latest update.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE_UPDATE when the device has no
     *     update, or its image no longer holds a stored binary
     */
    Artifact.StoredBinary latestBinary(Device device);

    /**
     * Opens the whole binary; the caller closes the stream.
     *
     * @throws org.firmament.domain.NotFoundException with subject BINARY when the binary went away meanwhile
     */
    InputStream open(Artifact.StoredBinary binary);
}
