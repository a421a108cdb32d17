package org.firmament.application.service;

import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.ManageDevicesUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.project.ProjectId;

/**
 * Use cases: register and manage devices. Every change is audited, and a change to a device or its
 * key makes the {@link CredentialCache} forget the device at once.
 */
public final class DeviceService implements RegisterDeviceUseCase, ManageDevicesUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final DeviceRepository devices;
    private final BundleRepository bundles;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final AuditTrail audit;
    private final CredentialCache cache;
    private final IdGenerator ids;
    private final Clock clock;

    public DeviceService(TransactionBoundary transactions, ProjectRepository projects, DeviceRepository devices,
                         BundleRepository bundles, FirmwareTypeRepository types, FirmwareImageRepository images,
                         AuditLog audit, CredentialCache cache, IdGenerator ids, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.devices = Objects.requireNonNull(devices);
        this.bundles = Objects.requireNonNull(bundles);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.audit = new AuditTrail(audit, clock);
        this.cache = Objects.requireNonNull(cache);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public RegisteredDevice register(RegisterDeviceCommand command, Actor actor) {
        String apiKey = ids.newSecret();
        Device device = transactions.inTransaction(() -> {
            if (projects.find(command.projectId()).isEmpty()) {
                throw new NotFoundException(NotFoundException.Subject.PROJECT, command.projectId().toString());
            }
            Device registered = Device.register(command.id().orElseGet(ids::newDeviceId), command.projectId(),
                    command.deviceClass(), command.channel().orElse(null), SecretHash.of(apiKey), clock.now());
            devices.add(registered);
            record(actor, registered, AuditEntry.Action.CREATED, AuditEntry.Subject.DEVICE,
                    "deviceClass=" + registered.deviceClass() + registered.channelOverride().map(c -> ", channel=" + c).orElse(""));
            return registered;
        });
        return new RegisteredDevice(device, apiKey);
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
    public Device change(ChangeDeviceCommand command, Actor actor) {
        return transactions.inTransaction(() -> {
            Device device = load(command.projectId(), command.deviceId());
            command.deviceClass().ifPresent(device::reclassify);
            command.channel().ifPresent(device::overrideChannel);
            if (command.clearChannel()) {
                device.overrideChannel(null);
            }
            command.pin().ifPresent(pin -> device.pin(requireExisting(device.projectId(), pin)));
            if (command.clearPin()) {
                device.pin(null);
            }
            devices.update(device);
            // The cached principal holds the device as it was; its next request must see the change.
            cache.announceChange(device.apiKeyHash());
            record(actor, device, AuditEntry.Action.CHANGED, AuditEntry.Subject.DEVICE,
                    "deviceClass=" + device.deviceClass() + ", channel="
                            + device.channelOverride().map(Object::toString).orElse("(project default)")
                            + ", pin=" + device.pin().map(DeviceService::describe).orElse("(none)"));
            return device;
        });
    }

    @Override
    public void delete(ProjectId projectId, DeviceId deviceId, Actor actor) {
        transactions.run(() -> {
            Device device = load(projectId, deviceId);
            devices.remove(device);
            cache.announceChange(device.apiKeyHash());
            record(actor, device, AuditEntry.Action.DELETED, AuditEntry.Subject.DEVICE, "");
        });
    }

    @Override
    public RegisteredDevice rotateKey(ProjectId projectId, DeviceId deviceId, Actor actor) {
        String apiKey = ids.newSecret();
        Device device = transactions.inTransaction(() -> {
            Device current = load(projectId, deviceId);
            cache.announceChange(current.apiKeyHash());
            current.rotateKey(SecretHash.of(apiKey));
            devices.update(current);
            record(actor, current, AuditEntry.Action.CHANGED, AuditEntry.Subject.DEVICE_KEY, "key rotated");
            return current;
        });
        return new RegisteredDevice(device, apiKey);
    }

    /** A pin must name a bundle of the project, or a version of one of its types that has an image. */
    private UpdatePin requireExisting(ProjectId projectId, UpdatePin pin) {
        if (pin instanceof UpdatePin.PinnedBundle bundle) {
            if (bundles.find(projectId, bundle.bundleId()).isEmpty()) {
                throw new InvalidValueException("pin", "pin names bundle " + bundle.bundleId()
                        + ", which the project does not have");
            }
            return pin;
        }
        UpdatePin.PinnedVersion version = (UpdatePin.PinnedVersion) pin;
        FirmwareType type = types.find(projectId, version.type()).orElseThrow(() -> new InvalidValueException("pin",
                "pin names firmware type " + version.type() + ", which the project does not have"));
        type.acceptVersion(version.version());
        if (images.findByTypeAndVersion(projectId, version.type(), version.version()).isEmpty()) {
            throw new InvalidValueException("pin", "pin names version " + version.version() + " of "
                    + version.type() + ", which has no image");
        }
        return pin;
    }

    static String describe(UpdatePin pin) {
        if (pin instanceof UpdatePin.PinnedBundle bundle) {
            return "bundle " + bundle.bundleId();
        }
        UpdatePin.PinnedVersion version = (UpdatePin.PinnedVersion) pin;
        return version.type() + " " + version.version();
    }

    private Device load(ProjectId projectId, DeviceId deviceId) {
        return devices.find(projectId, deviceId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, deviceId.value()));
    }

    private void record(Actor actor, Device device, AuditEntry.Action action, AuditEntry.Subject subject,
                        String summary) {
        audit.record(device.projectId(), actor, action, subject, device.id().value(), summary);
    }
}
