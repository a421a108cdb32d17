package org.firmament.application.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.in.ManageDevicesUseCase;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final Fakes.Bundles bundles = new Fakes.Bundles();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final DeviceService service = new DeviceService(transactions, projects, devices, bundles, types, images, audit,
            CredentialCache.disabled(() -> NOW), IdGenerator.secureRandom(), () -> NOW);

    @BeforeEach
    void defaultProjectExists() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
    }

    private RegisterDeviceUseCase.RegisteredDevice register(Optional<DeviceId> id) {
        return service.register(new RegisterDeviceCommand(ProjectId.DEFAULT, id, DeviceClass.of("smart_light"),
                Optional.of(Channel.of("beta"))), Actor.ADMIN);
    }

    @Test
    void aRegisteredDeviceGetsAFixedLengthKeyThatIsStoredOnlyAsAHash() {
        RegisterDeviceUseCase.RegisteredDevice registered = register(Optional.of(DeviceId.of("5e1b57808711f904f5df4bad")));
        assertEquals(IdGenerator.SECRET_LENGTH, registered.apiKey().length());
        assertTrue(registered.device().authenticates(registered.apiKey()));
        assertFalse(registered.toString().contains(registered.apiKey()));
        assertEquals(Optional.of(Channel.of("beta")), registered.device().channelOverride());
    }

    @Test
    void withoutAnIdTheDeviceGetsAGeneratedOne() {
        String id = register(Optional.empty()).device().id().value();
        assertTrue(id.matches("[0-9a-f]{24}"), id);
    }

    @Test
    void aTakenIdIsRefused() {
        register(Optional.of(DeviceId.of("dev-1")));
        assertThrows(AlreadyExistsException.class, () -> register(Optional.of(DeviceId.of("dev-1"))));
    }

    @Test
    void anUnknownProjectIsNotFound() {
        assertThrows(NotFoundException.class, () -> service.register(new RegisterDeviceCommand(ProjectId.of(7),
                Optional.empty(), DeviceClass.of("c"), Optional.empty()), Actor.ADMIN));
    }

    @Test
    void changingADeviceKeepsWhatIsNotNamedAndCanClearTheChannelOverride() {
        register(Optional.of(DeviceId.of("dev-1")));
        var changed = service.change(new org.firmament.application.port.in.ManageDevicesUseCase.ChangeDeviceCommand(
                ProjectId.DEFAULT, DeviceId.of("dev-1"), Optional.of(DeviceClass.of("other")), Optional.empty(), false), Actor.ADMIN);
        assertEquals(DeviceClass.of("other"), changed.deviceClass());
        assertEquals(Optional.of(Channel.of("beta")), changed.channelOverride());
        var cleared = service.change(new org.firmament.application.port.in.ManageDevicesUseCase.ChangeDeviceCommand(
                ProjectId.DEFAULT, DeviceId.of("dev-1"), Optional.empty(), Optional.empty(), true), Actor.ADMIN);
        assertEquals(Optional.empty(), cleared.channelOverride());
    }

    @Test
    void aRotatedKeyReplacesTheOldOneAndADeletedDeviceIsGone() {
        RegisterDeviceUseCase.RegisteredDevice registered = register(Optional.of(DeviceId.of("dev-1")));
        RegisterDeviceUseCase.RegisteredDevice rotated = service.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"),
                Actor.ADMIN);
        assertFalse(rotated.device().authenticates(registered.apiKey()));
        assertTrue(rotated.device().authenticates(rotated.apiKey()));
        service.delete(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
        assertThrows(NotFoundException.class, () -> service.get(ProjectId.DEFAULT, DeviceId.of("dev-1")));
    }

    @Test
    void everyChangeIsAuditedWithItsActorAndNoSecret() {
        RegisterDeviceUseCase.RegisteredDevice registered = register(Optional.of(DeviceId.of("dev-1")));
        Actor operator = Actor.apiKey("key-1");
        service.change(new org.firmament.application.port.in.ManageDevicesUseCase.ChangeDeviceCommand(
                ProjectId.DEFAULT, DeviceId.of("dev-1"), Optional.empty(), Optional.empty(), true), operator);
        String rotatedKey = service.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"), operator).apiKey();
        service.delete(ProjectId.DEFAULT, DeviceId.of("dev-1"), operator);
        assertEquals(List.of(AuditEntry.Action.CREATED, AuditEntry.Action.CHANGED, AuditEntry.Action.CHANGED,
                AuditEntry.Action.DELETED), audit.recorded.stream().map(AuditEntry::action).toList());
        assertEquals(AuditEntry.Subject.DEVICE_KEY, audit.recorded.get(2).subject());
        assertEquals(operator, audit.recorded.get(3).actor());
        assertTrue(audit.recorded.stream().allMatch(entry -> entry.subjectId().equals("dev-1")));
        assertFalse(audit.recorded.toString().contains(registered.apiKey()));
        assertFalse(audit.recorded.toString().contains(rotatedKey));
    }

    @Test
    void pagesAreBounded() {
        assertThrows(org.firmament.domain.InvalidValueException.class,
                () -> service.list(ProjectId.DEFAULT, Optional.empty(), Optional.empty(), -1, 10));
        assertThrows(org.firmament.domain.InvalidValueException.class,
                () -> service.list(ProjectId.DEFAULT, Optional.empty(), Optional.empty(), 0, 501));
    }

    @Test
    void aPinMustNameABundleOrAVersionWithAnImageOfTheProject() {
        register(Optional.of(DeviceId.of("pinned")));
        FirmwareType main = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("main"), VersionScheme.SEMANTIC,
                NOW);
        types.add(main);
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of("1.0.0"), NOW);
        images.byId.put(image.id(), image);
        bundles.byId.put(BundleId.of("b-1"), Bundle.create(BundleId.of("b-1"), ProjectId.DEFAULT, "b", "",
                DeviceClass.of("smart_light"), Channel.STABLE, List.of(), NOW));

        for (UpdatePin missing : List.of(new UpdatePin.PinnedBundle(BundleId.of("b-2")),
                new UpdatePin.PinnedVersion(FirmwareTypeName.of("radio"), FirmwareVersion.of("1.0.0")),
                new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("2.0.0")),
                new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("not-semver")))) {
            assertThrows(InvalidValueException.class, () -> service.change(pin(Optional.of(missing), false),
                    Actor.ADMIN), missing.toString());
        }
        UpdatePin version = new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("1.0.0"));
        assertEquals(Optional.of(version), service.change(pin(Optional.of(version), false), Actor.ADMIN).pin());
        UpdatePin bundle = new UpdatePin.PinnedBundle(BundleId.of("b-1"));
        assertEquals(Optional.of(bundle), service.change(pin(Optional.of(bundle), false), Actor.ADMIN).pin());
        assertEquals(Optional.empty(), service.change(pin(Optional.empty(), true), Actor.ADMIN).pin());
    }

    private static ManageDevicesUseCase.ChangeDeviceCommand pin(Optional<UpdatePin> pin, boolean clear) {
        return new ManageDevicesUseCase.ChangeDeviceCommand(ProjectId.DEFAULT, DeviceId.of("pinned"), Optional.empty(),
                Optional.empty(), false, pin, clear);
    }
}
