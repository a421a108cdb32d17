package org.firmament.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: the updates assigned to devices (seed 003's OTA records) and their states. Called
 * inside a {@link TransactionBoundary}; scoped to a project. {@code update} of a stale copy throws
 * {@link ConcurrentModificationException}.
 */
public interface DeviceUpdateRepository {

    /** One page of the latest update of each device, and how many there are with and without the filter. */
    record LatestPage(List<DeviceUpdate> updates, long total, long filtered) {

        public LatestPage {
            updates = List.copyOf(updates);
        }
    }

    Optional<DeviceUpdate> find(ProjectId projectId, UUID id);

    /** The device's most recently assigned update. */
    Optional<DeviceUpdate> latestFor(ProjectId projectId, DeviceId deviceId);

    /** The device's updates, most recent first. */
    List<DeviceUpdate> history(ProjectId projectId, DeviceId deviceId);

    /**
     * The latest update of each device of the project, keeping those whose device id or version
     * contains {@code search} (case-insensitive; empty keeps all), ordered by assignment time
     * (ascending or descending, then by device id), then the page {@code offset}/{@code limit}.
     */
    LatestPage latestPerDevice(ProjectId projectId, String search, boolean descending, int offset, int limit);

    void add(DeviceUpdate update);

    void update(DeviceUpdate update);
}
