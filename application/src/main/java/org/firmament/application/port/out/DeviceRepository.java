package org.firmament.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: stored devices. Called inside a {@link TransactionBoundary}. Device ids are unique
 * across all projects, because some device-facing paths (seed 003) name a device without its
 * project. {@code update} and {@code remove} of a stale copy throw {@link ConcurrentModificationException}.
 */
public interface DeviceRepository {

    /** The device with this id in any project; only for paths where the device's id is all there is. */
    Optional<Device> find(DeviceId id);

    Optional<Device> find(ProjectId projectId, DeviceId id);

    /** {@link #find(ProjectId, DeviceId)} of each id, in one read; ids not found are not in the map. */
    Map<DeviceId, Device> findEach(ProjectId projectId, Collection<DeviceId> ids);

    /**
     * The devices whose API keys hash to {@code keyHashes}, in one read, by the hash they were found
     * by; keys are unique, and hashes no device's key has are not in the map.
     */
    Map<SecretHash, Device> findEachByApiKeyHash(Collection<SecretHash> keyHashes);

    /** A page of the project's devices, filtered by class and channel override when given, ordered by id. */
    List<Device> list(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel, int offset,
                      int limit);

    long count(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel);

    /** @throws AlreadyExistsException when a device with that id exists (in any project) */
    void add(Device device);

    void update(Device device);

    void remove(Device device);

    /**
     * Records when devices were last seen, in one batch, without touching their revision: a
     * later time overwrites an earlier one, an earlier one is ignored, unknown ids are skipped.
     */
    void recordLastSeen(Map<DeviceId, Instant> lastSeen);
}
