package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;

/** Use case: which device a presented API key (seed 003's device token) belongs to. */
public interface AuthenticateDeviceUseCase {

    /** The device whose API key this is; empty for any key that is not a current device key. */
    Optional<Device> byApiKey(String apiKey);

    /**
     * The device {@code id} when {@code apiKey} is its key; empty both when there is no such device
     * and when the key is wrong, so a caller cannot tell the two apart.
     */
    Optional<Device> byIdAndKey(DeviceId id, String apiKey);
}
