package org.firmament.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: the updates the device API offered to devices, and how far each device got. Called
 * inside a {@link TransactionBoundary}; scoped to a project. {@code update} of a stale copy throws
 * {@link org.firmament.domain.ConcurrentModificationException}.
 */
public interface OfferedUpdateRepository {

    Optional<OfferedUpdate> find(ProjectId projectId, UUID id);

    /** The update most recently offered to the device (the latest offer time, the id breaking ties). */
    Optional<OfferedUpdate> latestFor(ProjectId projectId, DeviceId deviceId);

    /**
     * {@link #latestFor} of each of the project's devices named, in one read; devices with no
     * update (or not in the project) are not in the map.
     */
    Map<DeviceId, OfferedUpdate> latestForEach(ProjectId projectId, Collection<DeviceId> deviceIds);

    /** The device's updates, most recent first, skipping {@code offset} and at most {@code limit}. */
    List<OfferedUpdate> history(ProjectId projectId, DeviceId deviceId, int offset, int limit);

    long count(ProjectId projectId, DeviceId deviceId);

    /** {@link #addAll} of one. */
    default void add(OfferedUpdate update) {
        addAll(List.of(update));
    }

    /**
     * Stores each, written together.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when an update with one of their ids exists
     */
    void addAll(List<OfferedUpdate> updates);

    /** {@link #updateAll} of one. */
    default void update(OfferedUpdate update) {
        updateAll(List.of(update));
    }

    /**
     * Stores each one's changes, written together.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when one is gone or was changed since it was read
     */
    void updateAll(List<OfferedUpdate> updates);
}
