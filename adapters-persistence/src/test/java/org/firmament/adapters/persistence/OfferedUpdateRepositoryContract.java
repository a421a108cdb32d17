package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link org.firmament.application.port.out.OfferedUpdateRepository}, run against each database. */
abstract class OfferedUpdateRepositoryContract extends PersistenceContractSupport {

    private FirmwareImage binaryImage(FirmwareType type, String version) {
        FirmwareImage image = image(type, version, T0);
        image.attachBinary(storedBinary(UUID.randomUUID().toString()));
        inTransaction(() -> persistence.firmwareImages().add(image));
        return image;
    }

    private OfferedUpdate offered(Device device, UpdateDecision decision, int second) {
        OfferedUpdate update = OfferedUpdate.offer(UUID.randomUUID(), device, decision, at(second));
        inTransaction(() -> persistence.offeredUpdates().add(update));
        return update;
    }

    private OfferedUpdate reload(OfferedUpdate update) {
        return inTransaction(() -> persistence.offeredUpdates().find(update.projectId(), update.id())).orElseThrow();
    }

    @Test
    void aBundleUpdateReadsBackWithEveryFieldAndItsImagesInOrder() {
        Device device = existingDevice(PROJECT, "d1", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main fw/µ"), "1.2.3-rc.1+b.7");
        FirmwareImage radio = binaryImage(existingType(PROJECT, "radio"), "2.0.0");
        OfferedUpdate update = offered(device, UpdateDecision.bundle(BundleId.of("b-1"), List.of(radio, main), true), 1);

        OfferedUpdate found = reload(update);

        assertSameUpdate(update, found, 0);
    }

    @ParameterizedTest
    @EnumSource(value = UpdateState.class, names = {"DOWNLOADING", "INSTALLING", "SUCCEEDED", "FAILED"})
    void aReportedImageUpdateReadsBackWithItsStateAndMessage_atTheNextRevision(UpdateState state) {
        Device device = existingDevice(PROJECT, "d1", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        OfferedUpdate update = offered(device, UpdateDecision.images(List.of(main), false), 1);

        OfferedUpdate reported = reload(update);
        reported.report(state, "Flash wrote 98% — ✓ \"quoted\"", at(2));
        inTransaction(() -> persistence.offeredUpdates().update(reported));

        assertSameUpdate(reported, reload(update), 1);
    }

    @Test
    void aStaleOrForeignCopy_throwsConcurrentModification() {
        Device device = existingDevice(PROJECT, "d1", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        OfferedUpdate update = offered(device, UpdateDecision.images(List.of(main), false), 1);
        OfferedUpdate first = reload(update);
        OfferedUpdate second = reload(update);
        first.report(UpdateState.DOWNLOADING, null, at(2));
        inTransaction(() -> persistence.offeredUpdates().update(first));
        second.report(UpdateState.FAILED, null, at(3));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.offeredUpdates().update(second)));
        assertEquals(Optional.empty(),
                inTransaction(() -> persistence.offeredUpdates().find(OTHER_PROJECT, update.id())));
    }

    @Test
    void addingAnUpdateWhoseIdIsTaken_throwsConcurrentModification() {
        Device device = existingDevice(PROJECT, "d1", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        UpdateDecision decision = UpdateDecision.images(List.of(main), false);
        UUID id = OfferedUpdate.idFor(device, decision, Optional.empty());
        inTransaction(() -> persistence.offeredUpdates().add(OfferedUpdate.offer(id, device, decision, at(1))));

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() ->
                persistence.offeredUpdates().add(OfferedUpdate.offer(id, device, decision, at(2)))));
        assertEquals(1, inTransaction(() -> persistence.offeredUpdates().count(PROJECT, device.id())));
    }

    @Test
    void theHistoryIsMostRecentFirstPerDeviceAndPaged() {
        Device device = existingDevice(PROJECT, "d1", "light");
        Device other = existingDevice(PROJECT, "d2", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        UpdateDecision decision = UpdateDecision.images(List.of(main), false);
        OfferedUpdate oldest = offered(device, decision, 1);
        OfferedUpdate newest = offered(device, decision, 3);
        OfferedUpdate middle = offered(device, decision, 2);
        offered(other, decision, 4);

        assertEquals(List.of(newest.id(), middle.id(), oldest.id()), inTransaction(() -> persistence.offeredUpdates()
                .history(PROJECT, device.id(), 0, 10)).stream().map(OfferedUpdate::id).toList());
        assertEquals(List.of(middle.id()), inTransaction(() -> persistence.offeredUpdates()
                .history(PROJECT, device.id(), 1, 1)).stream().map(OfferedUpdate::id).toList());
        assertEquals(Optional.of(newest.id()), inTransaction(() -> persistence.offeredUpdates()
                .latestFor(PROJECT, device.id())).map(OfferedUpdate::id));
        assertEquals(3, inTransaction(() -> persistence.offeredUpdates().count(PROJECT, device.id())));
        assertTrue(inTransaction(() -> persistence.offeredUpdates().history(OTHER_PROJECT, device.id(), 0, 10))
                .isEmpty());
    }

    @Test
    void latestForEach_isEachDevicesLatestFor_theIdBreakingTies_andOnlyInTheProject() {
        Device device = existingDevice(PROJECT, "d1", "light");
        Device tied = existingDevice(PROJECT, "d2", "light");
        Device without = existingDevice(PROJECT, "d3", "light");
        Device elsewhere = existingDevice(OTHER_PROJECT, "d4", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        UpdateDecision decision = UpdateDecision.images(List.of(main), false);
        offered(device, decision, 1);
        OfferedUpdate newest = offered(device, decision, 3);
        offered(device, decision, 2);
        OfferedUpdate tieA = offered(tied, decision, 5);
        OfferedUpdate tieB = offered(tied, decision, 5);
        offered(elsewhere, decision, 6);
        List<DeviceId> named = List.of(device.id(), tied.id(), without.id(), elsewhere.id());

        Map<DeviceId, OfferedUpdate> latest = inTransaction(() -> persistence.offeredUpdates()
                .latestForEach(PROJECT, named));

        assertEquals(Set.of(device.id(), tied.id()), latest.keySet());
        assertSameUpdate(newest, latest.get(device.id()), 0);
        OfferedUpdate tieWinner = inTransaction(() -> persistence.offeredUpdates().latestFor(PROJECT, tied.id()))
                .orElseThrow();
        assertTrue(Set.of(tieA.id(), tieB.id()).contains(tieWinner.id()));
        assertEquals(tieWinner.id(), latest.get(tied.id()).id());
        assertEquals(Map.of(), inTransaction(() -> persistence.offeredUpdates().latestForEach(PROJECT, List.of())));
        assertEquals(newest.id(), inTransaction(() -> persistence.offeredUpdates()
                .latestForEach(PROJECT, List.of(device.id()))).get(device.id()).id());
    }

    @Test
    void addAllAndUpdateAll_writeEach_andAStaleCopyOrATakenId_failsThemAll() {
        Device device = existingDevice(PROJECT, "d1", "light");
        Device other = existingDevice(PROJECT, "d2", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        UpdateDecision decision = UpdateDecision.images(List.of(main), false);
        OfferedUpdate first = OfferedUpdate.offer(UUID.randomUUID(), device, decision, at(1));
        OfferedUpdate second = OfferedUpdate.offer(UUID.randomUUID(), other, decision, at(1));
        inTransaction(() -> {
            persistence.offeredUpdates().addAll(List.of(first, second));
            return null;
        });
        assertSameUpdate(first, reload(first), 0);
        assertSameUpdate(second, reload(second), 0);

        OfferedUpdate firstRead = reload(first);
        OfferedUpdate secondRead = reload(second);
        firstRead.report(UpdateState.DOWNLOADING, null, at(2));
        secondRead.supersede(at(2));
        inTransaction(() -> {
            persistence.offeredUpdates().updateAll(List.of(firstRead, secondRead));
            return null;
        });
        assertSameUpdate(firstRead, reload(first), 1);
        assertSameUpdate(secondRead, reload(second), 1);

        OfferedUpdate current = reload(first);
        current.report(UpdateState.FAILED, null, at(3));
        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> {
            persistence.offeredUpdates().updateAll(List.of(current, secondRead));
            return null;
        }));
        assertSameUpdate(firstRead, reload(first), 1);
        OfferedUpdate fresh = OfferedUpdate.offer(UUID.randomUUID(), device, decision, at(4));
        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> {
            persistence.offeredUpdates().addAll(List.of(fresh, OfferedUpdate.offer(second.id(), other, decision, at(4))));
            return null;
        }));
        assertEquals(Optional.empty(), inTransaction(() -> persistence.offeredUpdates().find(PROJECT, fresh.id())));
    }

    @Test
    void deletingTheDeviceDeletesItsUpdates() {
        Device device = existingDevice(PROJECT, "d1", "light");
        FirmwareImage main = binaryImage(existingType(PROJECT, "main"), "1.0.0");
        OfferedUpdate update = offered(device, UpdateDecision.images(List.of(main), false), 1);
        inTransaction(() -> {
            persistence.devices().remove(persistence.devices().find(PROJECT, device.id()).orElseThrow());
            return null;
        });
        assertEquals(Optional.empty(), inTransaction(() -> persistence.offeredUpdates().find(PROJECT, update.id())));
    }

    static void assertSameUpdate(OfferedUpdate expected, OfferedUpdate actual, long expectedRevision) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.projectId(), actual.projectId(), "projectId");
        assertEquals(expected.deviceId(), actual.deviceId(), "deviceId");
        assertEquals(expected.kind(), actual.kind(), "kind");
        assertEquals(expected.bundleId(), actual.bundleId(), "bundleId");
        assertEquals(expected.items(), actual.items(), "items");
        assertEquals(expected.fingerprint(), actual.fingerprint(), "fingerprint");
        assertEquals(expected.pinned(), actual.pinned(), "pinned");
        assertEquals(expected.offeredAt(), actual.offeredAt(), "offeredAt");
        assertEquals(expected.state(), actual.state(), "state");
        assertEquals(expected.message(), actual.message(), "message");
        assertEquals(expected.updatedAt(), actual.updatedAt(), "updatedAt");
        assertEquals(expectedRevision, actual.revision(), "revision");
    }
}
