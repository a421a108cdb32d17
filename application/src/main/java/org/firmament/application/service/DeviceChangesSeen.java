package org.firmament.application.service;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;

/**
 * The device repository every service of an instance writes through: each device changed or
 * removed (management, seed 002's firmware info, the device API's status reports, key rotation,
 * deletion) is a change of its check-in state for {@link DeviceStates}, told inside the change's
 * transaction. Last-seen times are not: no check-in decides on them.
 */
public final class DeviceChangesSeen implements DeviceRepository {

    private final DeviceRepository devices;
    private final DeviceStates states;

    public DeviceChangesSeen(DeviceRepository devices, DeviceStates states) {
        this.devices = Objects.requireNonNull(devices);
        this.states = Objects.requireNonNull(states);
    }

    @Override
    public Optional<Device> find(DeviceId id) {
        return devices.find(id);
    }

    @Override
    public Optional<Device> find(ProjectId projectId, DeviceId id) {
        return devices.find(projectId, id);
    }

    @Override
    public Map<DeviceId, Device> findEach(ProjectId projectId, Collection<DeviceId> ids) {
        return devices.findEach(projectId, ids);
    }

    @Override
    public Map<SecretHash, Device> findEachByApiKeyHash(Collection<SecretHash> keyHashes) {
        return devices.findEachByApiKeyHash(keyHashes);
    }

    @Override
    public List<Device> list(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel,
                             int offset, int limit) {
        return devices.list(projectId, deviceClass, channel, offset, limit);
    }

    @Override
    public long count(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel) {
        return devices.count(projectId, deviceClass, channel);
    }

    @Override
    public void add(Device device) {
        // Nothing remembered it: an unknown device is not remembered, and a deleted one was forgotten.
        devices.add(device);
    }

    @Override
    public void update(Device device) {
        devices.update(device);
        states.changed(device.projectId(), device.id());
    }

    @Override
    public void remove(Device device) {
        devices.remove(device);
        states.changed(device.projectId(), device.id());
    }

    @Override
    public void recordLastSeen(Map<DeviceId, Instant> lastSeen) {
        devices.recordLastSeen(lastSeen);
    }
}
