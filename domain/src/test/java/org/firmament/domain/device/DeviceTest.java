package org.firmament.domain.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class DeviceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Project project = Project.create(ProjectId.DEFAULT, "Default project", NOW);

    private Device device(Channel override) {
        return Device.register(DeviceId.of("5e1b57808711f904f5df4bad"), ProjectId.DEFAULT,
                DeviceClass.of("smart_light"), override, SecretHash.of("FSXuSmJRiJ4v-device-key"), NOW);
    }

    @Test
    void aDeviceWithoutOverrideFollowsItsProjectsDefaultChannel() {
        assertEquals(Channel.STABLE, device(null).effectiveChannel(project));
        project.changeDefaultChannel(Channel.of("beta"));
        assertEquals(Channel.of("beta"), device(null).effectiveChannel(project));
    }

    @Test
    void aChannelOverrideWinsOverTheProjectDefault() {
        assertEquals(Channel.of("canary"), device(Channel.of("canary")).effectiveChannel(project));
    }

    @Test
    void aDeviceAuthenticatesWithItsKeyOnlyAndRotationRevokesTheOldKey() {
        Device device = device(null);
        assertTrue(device.authenticates("FSXuSmJRiJ4v-device-key"));
        assertFalse(device.authenticates("wrong"));
        device.rotateKey(SecretHash.of("new-key-new-key-new-key"));
        assertFalse(device.authenticates("FSXuSmJRiJ4v-device-key"));
        assertTrue(device.authenticates("new-key-new-key-new-key"));
    }

    @Test
    void reportingAnInstalledBundleRecordsItAndMarksTheDeviceSeen() {
        Device device = device(null);
        device.reportInstalled(BundleId.of("5e0e4a19ff1bc0646141d221"), NOW.plusSeconds(5));
        assertEquals(Optional.of(BundleId.of("5e0e4a19ff1bc0646141d221")), device.installedBundle());
        assertEquals(Optional.of(NOW.plusSeconds(5)), device.lastSeen());
        device.seen(NOW);
        assertEquals(Optional.of(NOW.plusSeconds(5)), device.lastSeen(), "last seen never moves backwards");
    }

    @Test
    void anUpdateIsAssignedOnlyWhenTheVersionDiffersFromThePreviousOne() {
        Device device = device(null);
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("fw"), VersionScheme.SEMANTIC, NOW);
        FirmwareImage v127 = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("1.2.7"), NOW);
        DeviceUpdate first = DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, v127, Optional.empty(), NOW)
                .orElseThrow();
        assertEquals(UpdateState.ASSIGNED, first.state());
        assertEquals(Optional.empty(),
                DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, v127, Optional.of(first), NOW));
        FirmwareImage older = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("1.2.6"), NOW);
        assertTrue(DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, older, Optional.of(first), NOW).isPresent(),
                "seed 003 triggers on any difference, not only on a newer version");
    }

    @Test
    void aFinishedUpdateCannotChangeState() {
        Device device = device(null);
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("fw"), VersionScheme.OPAQUE, NOW);
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("x"), NOW);
        DeviceUpdate update = DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, image, Optional.empty(), NOW)
                .orElseThrow();
        update.report(UpdateState.DOWNLOADING, null, NOW);
        update.report(UpdateState.SUCCEEDED, "ok", NOW);
        assertThrows(RuleViolationException.class, () -> update.report(UpdateState.FAILED, "late", NOW));
    }
}
