package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.out.IdGenerator;
import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final DeviceService service = new DeviceService(transactions, projects, devices, audit,
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
}
