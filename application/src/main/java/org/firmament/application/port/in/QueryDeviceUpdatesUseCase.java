package org.firmament.application.port.in;

import java.util.List;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.project.ProjectId;

/** Use case: operators read the updates offered to a device and how far it got with each. */
public interface QueryDeviceUpdatesUseCase {

    record UpdatePage(List<OfferedUpdate> updates, long total) {
        public UpdatePage {
            updates = List.copyOf(updates);
        }
    }

    /**
     * The device's updates, most recent first.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device
     */
    UpdatePage history(ProjectId projectId, DeviceId deviceId, PageRequest page);

    /**
     * The device's most recent update, when it was offered one.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device
     */
    java.util.Optional<OfferedUpdate> current(ProjectId projectId, DeviceId deviceId);
}
