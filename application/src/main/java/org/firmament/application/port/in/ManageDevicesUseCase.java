package org.firmament.application.port.in;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.access.Actor;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.project.ProjectId;

/** Use case: operators list, read, change and delete a project's devices, and rotate their keys. */
public interface ManageDevicesUseCase {

    /** Largest page {@link #list} hands out. */
    int MAX_PAGE_SIZE = PageRequest.MAX_LIMIT;

    /** One page of devices and how many match the filter in all. */
    record DevicePage(List<Device> devices, long total) {

        public DevicePage {
            devices = List.copyOf(devices);
        }
    }

    /**
     * What to change; an empty field stays as it is, {@code clearChannel} removes the override,
     * {@code clearPin} the pin (see {@link org.firmament.domain.device.UpdatePolicy}).
     */
    record ChangeDeviceCommand(ProjectId projectId, DeviceId deviceId, Optional<DeviceClass> deviceClass,
                               Optional<Channel> channel, boolean clearChannel, Optional<UpdatePin> pin,
                               boolean clearPin) {

        public ChangeDeviceCommand {
            Names.requirePresent("projectId", projectId);
            Names.requirePresent("deviceId", deviceId);
            Names.requirePresent("deviceClass", deviceClass);
            Names.requirePresent("channel", channel);
            Names.requirePresent("pin", pin);
            if (clearChannel && channel.isPresent()) {
                throw new org.firmament.domain.InvalidValueException("channel", "channel cannot be set and cleared at once");
            }
            if (clearPin && pin.isPresent()) {
                throw new org.firmament.domain.InvalidValueException("pin", "pin cannot be set and cleared at once");
            }
        }

        /** A change of class and channel only. */
        public ChangeDeviceCommand(ProjectId projectId, DeviceId deviceId, Optional<DeviceClass> deviceClass,
                                   Optional<Channel> channel, boolean clearChannel) {
            this(projectId, deviceId, deviceClass, channel, clearChannel, Optional.empty(), false);
        }
    }

    /**
     * @throws org.firmament.domain.InvalidValueException when offset is negative or limit outside 1..{@value #MAX_PAGE_SIZE}
     */
    DevicePage list(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel, int offset,
                     int limit);

    /** @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device */
    Device get(ProjectId projectId, DeviceId deviceId);

    /** @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device */
    Device change(ChangeDeviceCommand command, Actor actor);

    /** @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device */
    void delete(ProjectId projectId, DeviceId deviceId, Actor actor);

    /**
     * Gives the device a new API key, shown only in this answer; the old key stops working at once.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device
     */
    RegisterDeviceUseCase.RegisteredDevice rotateKey(ProjectId projectId, DeviceId deviceId, Actor actor);
}
