package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.device.Device;

/** Use case: register a device and hand out its API key, the one time it is ever shown. */
public interface RegisterDeviceUseCase {

    /** The new device and its API key; only the key's hash is kept. */
    record RegisteredDevice(Device device, String apiKey) {

        @Override
        public String toString() {
            return "RegisteredDevice[" + device.id() + ", apiKey=redacted]";
        }
    }

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when the project does not exist
     * @throws org.firmament.domain.AlreadyExistsException when a device with that id exists (in any project)
     */
    RegisteredDevice register(RegisterDeviceCommand command, Actor actor);
}
