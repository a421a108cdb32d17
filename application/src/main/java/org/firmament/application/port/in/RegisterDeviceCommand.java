package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;

/** Register a device of {@code deviceClass} in a project, under {@code id} or a generated one, with an optional channel override. */
public record RegisterDeviceCommand(ProjectId projectId, Optional<DeviceId> id, DeviceClass deviceClass,
                                    Optional<Channel> channel) {

    public RegisterDeviceCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("id", id);
        Names.requirePresent("deviceClass", deviceClass);
        Names.requirePresent("channel", channel);
    }
}
