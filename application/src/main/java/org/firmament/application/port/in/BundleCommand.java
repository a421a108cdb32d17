package org.firmament.application.port.in;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * What a bundle should be: its project, name, description, device class, channel ("stable" when
 * not given) and its components, given as image ids in order.
 */
public record BundleCommand(ProjectId projectId, String name, String description, DeviceClass deviceClass,
                            Optional<Channel> channel, List<ImageId> images) {

    public BundleCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("name", name);
        Names.requirePresent("deviceClass", deviceClass);
        Names.requirePresent("channel", channel);
        images = List.copyOf(Names.requirePresent("components", images));
        Bundle.checkComponentCount(images.size());
    }
}
