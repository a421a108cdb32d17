package org.firmament.application.service;

import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.AuthenticateDeviceUseCase;
import org.firmament.application.port.in.ManageDevicesUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;

/** Use cases: register and manage devices, and recognise them by their API keys. */
public final class DeviceService implements RegisterDeviceUseCase, AuthenticateDeviceUseCase, ManageDevicesUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final DeviceRepository devices;
    private final IdGenerator ids;
    private final Clock clock;

    public DeviceService(TransactionBoundary transactions, ProjectRepository projects, DeviceRepository devices,
                         IdGenerator ids, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.devices = Objects.requireNonNull(devices);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public RegisteredDevice register(RegisterDeviceCommand command) {
        String apiKey = ids.newSecret();
        Device device = transactions.inTransaction(() -> {
            if (projects.find(command.projectId()).isEmpty()) {
                throw new NotFoundException(NotFoundException.Subject.PROJECT, command.projectId().toString());
            }
            Device registered = Device.register(command.id().orElseGet(ids::newDeviceId), command.projectId(),
                    command.deviceClass(), command.channel().orElse(null), SecretHash.of(apiKey), clock.now());
            devices.add(registered);
            return registered;
        });
        return new RegisteredDevice(device, apiKey);
    }

    @Override
    public Optional<Device> byApiKey(String apiKey) {
        if (apiKey == null || apiKey.length() != IdGenerator.SECRET_LENGTH) {
            return Optional.empty();
        }
        return transactions.inTransaction(() -> devices.findByApiKeyHash(SecretHash.of(apiKey)));
    }

    @Override
    public Optional<Device> byIdAndKey(DeviceId id, String apiKey) {
        // Looking up by key and comparing ids costs the same whether or not the device exists.
        return byApiKey(apiKey).filter(device -> device.id().equals(id));
    }

    @Override
    public DevicePage list(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel,
                           int offset, int limit) {
        PageRequest page = new PageRequest(offset, limit);
        return transactions.inTransaction(() -> new DevicePage(
                devices.list(projectId, deviceClass, channel, page.offset(), page.limit()),
                devices.count(projectId, deviceClass, channel)));
    }

    @Override
    public Device get(ProjectId projectId, DeviceId deviceId) {
        return transactions.inTransaction(() -> load(projectId, deviceId));
    }

    @Override
    public Device change(ChangeDeviceCommand command) {
        return transactions.inTransaction(() -> {
            Device device = load(command.projectId(), command.deviceId());
            command.deviceClass().ifPresent(device::reclassify);
            command.channel().ifPresent(device::overrideChannel);
            if (command.clearChannel()) {
                device.overrideChannel(null);
            }
            devices.update(device);
            return device;
        });
    }

    @Override
    public void delete(ProjectId projectId, DeviceId deviceId) {
        transactions.run(() -> devices.remove(load(projectId, deviceId)));
    }

    @Override
    public RegisteredDevice rotateKey(ProjectId projectId, DeviceId deviceId) {
        String apiKey = ids.newSecret();
        Device device = transactions.inTransaction(() -> {
            Device current = load(projectId, deviceId);
            current.rotateKey(SecretHash.of(apiKey));
            devices.update(current);
            return current;
        });
        return new RegisteredDevice(device, apiKey);
    }

    private Device load(ProjectId projectId, DeviceId deviceId) {
        return devices.find(projectId, deviceId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, deviceId.value()));
    }
}
