package org.firmament.domain.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.IllegalTransitionException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule of {@link UpdateState#canMoveTo} as {@link OfferedUpdate} applies it. */
class UpdateProgressOnlyMovesForwardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Device device = Device.register(DeviceId.of("dev-1"), ProjectId.DEFAULT, DeviceClass.of("light"),
            null, SecretHash.of("key"), T0);
    private final FirmwareImage image;

    UpdateProgressOnlyMovesForwardTest() {
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("main"), VersionScheme.SEMANTIC,
                T0);
        image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("1.2.0"), T0);
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("k"), "main.bin", 1, Digest.sha1("a".repeat(40)),
                Digest.sha256("b".repeat(64))));
    }

    private OfferedUpdate offered() {
        return OfferedUpdate.offer(UUID.randomUUID(), device, UpdateDecision.images(List.of(image), false), T0);
    }

    @ParameterizedTest
    @CsvSource({"ASSIGNED,DOWNLOADING,true", "ASSIGNED,INSTALLING,true", "ASSIGNED,SUCCEEDED,true",
            "ASSIGNED,FAILED,true", "DOWNLOADING,DOWNLOADING,true", "DOWNLOADING,INSTALLING,true",
            "INSTALLING,DOWNLOADING,false", "INSTALLING,SUCCEEDED,true", "SUCCEEDED,FAILED,false",
            "FAILED,SUCCEEDED,false", "FAILED,FAILED,true", "SUPERSEDED,DOWNLOADING,false",
            "DOWNLOADING,ASSIGNED,false", "DOWNLOADING,SUPERSEDED,false"})
    void progressMovesForwardOnlyAndAFinalStateIsNeverLeft(UpdateState from, UpdateState to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
    }

    @Test
    void anIllegalReportIsRefusedAndChangesNothing() {
        OfferedUpdate update = offered();
        update.report(UpdateState.INSTALLING, null, T0.plusSeconds(1));
        assertThrows(IllegalTransitionException.class, () -> update.report(UpdateState.DOWNLOADING, null, T0));
        update.report(UpdateState.FAILED, "flash write error", T0.plusSeconds(2));
        assertThrows(IllegalTransitionException.class, () -> update.report(UpdateState.SUCCEEDED, null, T0));
        assertEquals(UpdateState.FAILED, update.state());
        assertEquals(Optional.of("flash write error"), update.message());
    }

    @Test
    void aDeviceCannotReportWhatOnlyTheServerDecides() {
        assertThrows(InvalidValueException.class, () -> offered().report(UpdateState.ASSIGNED, null, T0));
        assertThrows(InvalidValueException.class, () -> offered().report(UpdateState.SUPERSEDED, null, T0));
        assertThrows(InvalidValueException.class, () -> offered().report(UpdateState.FAILED, "x".repeat(1001), T0));
    }

    @Test
    void aFailedOrSupersededUpdateIsFollowedByANewOneAndASucceededOneByNothing() {
        UpdateDecision decision = UpdateDecision.images(List.of(image), false);
        OfferedUpdate update = OfferedUpdate.offer(UUID.randomUUID(), device, decision, T0);
        assertTrue(update.stillOffers(decision));
        update.supersede(T0.plusSeconds(1));
        assertEquals(UpdateState.SUPERSEDED, update.state());
        assertFalse(update.stillOffers(decision));
        OfferedUpdate succeeded = OfferedUpdate.offer(UUID.randomUUID(), device, decision, T0);
        succeeded.report(UpdateState.SUCCEEDED, null, T0.plusSeconds(1));
        assertTrue(succeeded.installed(decision));
    }

    @Test
    void aSucceededUpdateRecordsWhatTheDeviceNowRuns() {
        OfferedUpdate update = OfferedUpdate.offer(UUID.randomUUID(), device,
                UpdateDecision.bundle(BundleId.of("b-1"), List.of(image), false), T0);
        update.report(UpdateState.SUCCEEDED, null, T0.plusSeconds(1));
        update.applyTo(device, T0.plusSeconds(1));
        assertEquals(Optional.of(BundleId.of("b-1")), device.installedBundle());
        assertEquals(Optional.of(FirmwareVersion.of("1.2.0")), device.installedVersions().of(FirmwareTypeName.of("main")));
    }

    @Test
    void theSameDecisionAfterTheSameUpdateIsTheSameUpdateAndARetryIsAnotherOne() {
        UpdateDecision decision = UpdateDecision.images(List.of(image), false);
        assertEquals(OfferedUpdate.idFor(device, decision, Optional.empty()),
                OfferedUpdate.idFor(device, decision, Optional.empty()));
        OfferedUpdate failed = OfferedUpdate.offer(OfferedUpdate.idFor(device, decision, Optional.empty()), device,
                decision, T0);
        failed.report(UpdateState.FAILED, "no space", T0.plusSeconds(1));
        assertFalse(OfferedUpdate.idFor(device, decision, Optional.of(failed)).equals(failed.id()));
        Device other = Device.register(DeviceId.of("dev-2"), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                SecretHash.of("key-2"), T0);
        assertFalse(OfferedUpdate.idFor(other, decision, Optional.empty()).equals(failed.id()));
    }
}
