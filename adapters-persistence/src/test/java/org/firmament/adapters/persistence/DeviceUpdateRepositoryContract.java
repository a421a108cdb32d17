package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.out.DeviceUpdateRepository.LatestPage;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link org.firmament.application.port.out.DeviceUpdateRepository}, run against each database. */
abstract class DeviceUpdateRepositoryContract extends PersistenceContractSupport {

    // ---- mapping round trips ----

    @Test
    void anAssignedUpdateReadsBackWithEveryField_withoutMessage() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        FirmwareImage image = existingImage(existingType(PROJECT, "OKM"), "1.2.3-rc.1", T0);
        DeviceUpdate update = DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, image, Optional.empty(),
                at(1)).orElseThrow();
        inTransaction(() -> persistence.deviceUpdates().add(update));

        DeviceUpdate found = reload(update);

        assertSameUpdate(update, found, 0);
        assertTrue(found.message().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(UpdateState.class)
    void everyStateReadsBack_withItsMessage(UpdateState state) {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        DeviceUpdate update = DeviceUpdate.reconstitute(UUID.randomUUID(), PROJECT, device.id(),
                ImageId.of(UUID.randomUUID()), FirmwareVersion.of("2.0.0"), at(1), state,
                "Flash wrote 98% — ✓ \"quoted\"", at(2), 0);
        inTransaction(() -> persistence.deviceUpdates().add(update));

        assertSameUpdate(update, reload(update), 0);
    }

    @Test
    void aReportedUpdateReadsBackWithItsNewState_atTheNextRevision() {
        DeviceUpdate stored = existingUpdate(existingDevice(PROJECT, "d1", "smart_light"), "1.0.0", at(1));

        DeviceUpdate downloading = reload(stored);
        downloading.report(UpdateState.DOWNLOADING, "x".repeat(DeviceUpdate.MAX_MESSAGE_LENGTH), at(2));
        inTransaction(() -> persistence.deviceUpdates().update(downloading));
        assertSameUpdate(downloading, reload(stored), 1);

        DeviceUpdate succeeded = reload(stored);
        succeeded.report(UpdateState.SUCCEEDED, null, at(3));
        inTransaction(() -> persistence.deviceUpdates().update(succeeded));
        assertSameUpdate(succeeded, reload(stored), 2);
        assertTrue(reload(stored).message().isEmpty());
    }

    @Test
    void anUpdateStaysReadableAfterItsImageIsDeleted() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        FirmwareImage image = existingImage(existingType(PROJECT, "OKM"), "1.0.0", T0);
        DeviceUpdate update = DeviceUpdate.assignIfDifferent(UUID.randomUUID(), device, image, Optional.empty(),
                at(1)).orElseThrow();
        inTransaction(() -> persistence.deviceUpdates().add(update));

        inTransaction(() -> persistence.firmwareImages().remove(reload(image)));

        assertSameUpdate(update, reload(update), 0);
    }

    // ---- lookups ----

    @Test
    void anUpdateIsNotFoundThroughAnotherProject() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        DeviceUpdate update = existingUpdate(device, "1.0.0", at(1));

        assertTrue(inTransaction(() -> persistence.deviceUpdates().find(OTHER_PROJECT, update.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.deviceUpdates().latestFor(OTHER_PROJECT, device.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.deviceUpdates().history(OTHER_PROJECT, device.id())).isEmpty());
        assertEquals(expected(List.of(), 0, 0), latest(OTHER_PROJECT, "", true, 0, 10));
    }

    @Test
    void anUnknownUpdateIsNotFound() {
        assertTrue(inTransaction(() -> persistence.deviceUpdates().find(PROJECT, UUID.randomUUID())).isEmpty());
        assertTrue(inTransaction(() -> persistence.deviceUpdates().latestFor(PROJECT, DeviceId.of("none"))).isEmpty());
    }

    @Test
    void theLatestUpdateOfADevice_isTheMostRecentlyAssigned() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        existingUpdate(device, "1.0.0", at(1));
        DeviceUpdate latest = existingUpdate(device, "3.0.0", at(30));
        existingUpdate(device, "2.0.0", at(20));
        existingUpdate(existingDevice(PROJECT, "d2", "smart_light"), "9.0.0", at(99));

        assertSameUpdate(latest, inTransaction(() -> persistence.deviceUpdates().latestFor(PROJECT, device.id()))
                .orElseThrow(), 0);
    }

    @Test
    void theHistoryOfADevice_isMostRecentFirst_andHoldsOnlyItsUpdates() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        DeviceUpdate first = existingUpdate(device, "1.0.0", at(1));
        DeviceUpdate third = existingUpdate(device, "3.0.0", at(30));
        DeviceUpdate second = existingUpdate(device, "2.0.0", at(20));
        existingUpdate(existingDevice(PROJECT, "d2", "smart_light"), "9.0.0", at(25));

        assertEquals(updateIds(List.of(third, second, first)),
                updateIds(inTransaction(() -> persistence.deviceUpdates().history(PROJECT, device.id()))));
    }

    @Test
    void updatesAssignedAtTheSameInstant_haveOneLatest_thatEveryLookupAgreesOn() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        existingUpdate(device, "1.0.0", at(1));
        existingUpdate(device, "2.0.0", at(5));
        existingUpdate(device, "2.0.1", at(5));

        DeviceUpdate latest = inTransaction(() -> persistence.deviceUpdates().latestFor(PROJECT, device.id()))
                .orElseThrow();
        Page page = latest(PROJECT, "", true, 0, 10);

        assertEquals(at(5), latest.assignedAt());
        assertEquals(List.of(latest.id()), page.updates());
        assertEquals(1, page.total());
        assertEquals(latest.id(), inTransaction(() -> persistence.deviceUpdates().history(PROJECT, device.id()))
                .get(0).id());
    }

    // ---- the latest update of each device ----

    @Test
    void latestPerDevice_holdsEachDevicesLatestUpdate_orderedByAssignmentTimeEitherWay() {
        Fleet fleet = fleet();

        LatestPage descending = latestPage(PROJECT, "", true, 0, 10);
        LatestPage ascending = latestPage(PROJECT, "", false, 0, 10);

        assertEquals(updateIds(List.of(fleet.gamma, fleet.alpha, fleet.beta)), updateIds(descending.updates()));
        assertEquals(updateIds(List.of(fleet.beta, fleet.alpha, fleet.gamma)), updateIds(ascending.updates()));
        assertSameUpdate(fleet.alpha, descending.updates().get(1), 0);
        assertEquals(3, descending.total());
        assertEquals(3, descending.filtered());
    }

    @Test
    void latestPerDevice_keepsThoseWhoseDeviceIdOrVersionContainsTheSearch_whateverItsCase() {
        Fleet fleet = fleet();

        assertEquals(expected(List.of(fleet.alpha), 3, 1), latest(PROJECT, "ALPHA", true, 0, 10));
        assertEquals(expected(List.of(fleet.beta), 3, 1), latest(PROJECT, "3.1.0-rc", true, 0, 10));
        assertEquals(expected(List.of(fleet.alpha), 3, 1), latest(PROJECT, "2.0", true, 0, 10));
        assertEquals(expected(List.of(fleet.gamma, fleet.alpha, fleet.beta), 3, 3),
                latest(PROJECT, "-0", true, 0, 10));
    }

    @Test
    void latestPerDevice_searchesOnlyTheLatestUpdates() {
        fleet();

        // beta-02 was once given 3.0.0, but its latest update is 3.1.0-RC.1.
        assertEquals(expected(List.of(), 3, 0), latest(PROJECT, "3.0.0", true, 0, 10));
    }

    @Test
    void latestPerDevice_takesTheSearchsWildcardsLiterally() {
        DeviceUpdate underscore = existingUpdate(existingDevice(PROJECT, "a_b", "smart_light"), "1.0", at(1));
        existingUpdate(existingDevice(PROJECT, "axb", "smart_light"), "1.0", at(2));
        DeviceUpdate percent = existingUpdate(existingDevice(PROJECT, "p1", "smart_light"), "100% (final)", at(3));

        assertEquals(expected(List.of(underscore), 3, 1), latest(PROJECT, "a_b", true, 0, 10));
        assertEquals(expected(List.of(percent), 3, 1), latest(PROJECT, "0%", true, 0, 10));
        assertEquals(expected(List.of(), 3, 0), latest(PROJECT, "\\", true, 0, 10));
    }

    @Test
    void latestPerDevice_cutsThePageAfterFilteringAndOrdering_andCountsIgnorePaging() {
        Fleet fleet = fleet();

        assertEquals(expected(List.of(fleet.alpha), 3, 3), latest(PROJECT, "", true, 1, 1));
        assertEquals(expected(List.of(fleet.alpha, fleet.gamma), 3, 3), latest(PROJECT, "", false, 1, 5));
        assertEquals(expected(List.of(), 3, 3), latest(PROJECT, "", true, 3, 5));
        // "1" is in alpha-01 and in beta's 3.1.0-RC.1, in neither of gamma-03 and 0.9.0.
        assertEquals(expected(List.of(), 3, 2), latest(PROJECT, "1", true, 0, 0));
        assertEquals(expected(List.of(fleet.beta), 3, 2), latest(PROJECT, "1", true, 1, 1));
    }

    @Test
    void latestPerDevice_ordersDevicesAssignedAtTheSameInstantById_inBothDirections() {
        DeviceUpdate second = existingUpdate(existingDevice(PROJECT, "dev-2", "smart_light"), "1.0", at(5));
        DeviceUpdate first = existingUpdate(existingDevice(PROJECT, "dev-1", "smart_light"), "1.0", at(5));
        DeviceUpdate earlier = existingUpdate(existingDevice(PROJECT, "dev-3", "smart_light"), "1.0", at(1));

        assertEquals(updateIds(List.of(first, second, earlier)), latest(PROJECT, "", true, 0, 10).updates());
        assertEquals(updateIds(List.of(earlier, first, second)),
                latest(PROJECT, "", false, 0, 10).updates());
    }

    @Test
    void latestPerDevice_refusesANegativeOffsetOrLimit() {
        assertThrows(IllegalArgumentException.class, () -> latest(PROJECT, "", true, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> latest(PROJECT, "", true, 0, -1));
    }

    // ---- optimistic locking ----

    @Test
    void updatingAStaleCopy_throwsConcurrentModification() {
        DeviceUpdate stored = existingUpdate(existingDevice(PROJECT, "d1", "smart_light"), "1.0.0", at(1));
        DeviceUpdate first = reload(stored);
        DeviceUpdate stale = reload(stored);
        first.report(UpdateState.DOWNLOADING, null, at(2));
        inTransaction(() -> persistence.deviceUpdates().update(first));

        stale.report(UpdateState.FAILED, "stale", at(3));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.deviceUpdates().update(stale)));

        assertSameUpdate(first, reload(stored), 1);
    }

    @Test
    void updatingThroughAnotherProjectOrAnUnknownUpdate_throwsConcurrentModification() {
        DeviceUpdate stored = existingUpdate(existingDevice(PROJECT, "d1", "smart_light"), "1.0.0", at(1));
        DeviceUpdate foreign = DeviceUpdate.reconstitute(stored.id(), OTHER_PROJECT, stored.deviceId(),
                stored.imageId(), stored.version(), stored.assignedAt(), UpdateState.FAILED, null, at(2), 0);
        DeviceUpdate unknown = DeviceUpdate.reconstitute(UUID.randomUUID(), PROJECT, stored.deviceId(),
                stored.imageId(), stored.version(), stored.assignedAt(), UpdateState.FAILED, null, at(2), 0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.deviceUpdates().update(foreign)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.deviceUpdates().update(unknown)));
        assertSameUpdate(stored, reload(stored), 0);
    }

    @Test
    void twoTransactionsReportingOnTheSameUpdate_oneCommitsTheOtherGetsConcurrentModification() throws Exception {
        DeviceUpdate stored = existingUpdate(existingDevice(PROJECT, "d1", "smart_light"), "1.0.0", at(1));
        Contender contender = bothReady -> {
            DeviceUpdate copy = persistence.deviceUpdates().find(PROJECT, stored.id()).orElseThrow();
            bothReady.run();
            copy.report(UpdateState.INSTALLING, Thread.currentThread().getName(), at(2));
            persistence.deviceUpdates().update(copy);
        };

        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(contender, contender));
        assertEquals(1, reload(stored).revision());
    }

    @Test
    void addingAnUpdateForAnUnknownDevice_throwsConcurrentModification() {
        DeviceUpdate orphan = DeviceUpdate.reconstitute(UUID.randomUUID(), PROJECT, DeviceId.of("gone"),
                ImageId.of(UUID.randomUUID()), FirmwareVersion.of("1.0"), T0, UpdateState.ASSIGNED, null, T0, 0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.deviceUpdates().add(orphan)));
        assertEquals(0, count("device_update"));
    }

    @Test
    void usingDeviceUpdatesOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class,
                () -> persistence.deviceUpdates().find(PROJECT, UUID.randomUUID()));
        assertThrows(IllegalStateException.class, () -> persistence.deviceUpdates().latestPerDevice(PROJECT, "",
                true, 0, 10));
    }

    // ---- helpers ----

    /** Three devices of the project with several updates each, and one of another project assigned last. */
    record Fleet(DeviceUpdate alpha, DeviceUpdate beta, DeviceUpdate gamma) {
    }

    Fleet fleet() {
        Device alpha = existingDevice(PROJECT, "alpha-01", "smart_light");
        Device beta = existingDevice(PROJECT, "beta-02", "smart_light");
        Device gamma = existingDevice(PROJECT, "gamma-03", "smart_light");
        Device elsewhere = existingDevice(OTHER_PROJECT, "alpha-99", "smart_light");
        existingUpdate(alpha, "1.0.0", at(1));
        DeviceUpdate alphaLatest = existingUpdate(alpha, "2.0.0", at(10));
        existingUpdate(alpha, "1.5.0", at(5));
        existingUpdate(beta, "3.0.0", at(3));
        DeviceUpdate betaLatest = existingUpdate(beta, "3.1.0-RC.1", at(7));
        DeviceUpdate gammaLatest = existingUpdate(gamma, "0.9.0", at(12));
        existingUpdate(elsewhere, "2.0.0", at(100));
        return new Fleet(alphaLatest, betaLatest, gammaLatest);
    }

    static DeviceUpdate assigned(Device device, String version, Instant assignedAt) {
        return DeviceUpdate.reconstitute(UUID.randomUUID(), device.projectId(), device.id(),
                ImageId.of(UUID.randomUUID()), FirmwareVersion.of(version), assignedAt, UpdateState.ASSIGNED, null,
                assignedAt, 0);
    }

    /** Adds an update in its own transaction and returns it as stored. */
    DeviceUpdate existingUpdate(Device device, String version, Instant assignedAt) {
        DeviceUpdate update = assigned(device, version, assignedAt);
        inTransaction(() -> persistence.deviceUpdates().add(update));
        return update;
    }

    /** A page as ids and counts: updates carry no equality of their own. */
    record Page(List<UUID> updates, long total, long filtered) {
    }

    static Page expected(List<DeviceUpdate> updates, long total, long filtered) {
        return new Page(updateIds(updates), total, filtered);
    }

    LatestPage latestPage(ProjectId project, String search, boolean descending, int offset, int limit) {
        return inTransaction(() -> persistence.deviceUpdates()
                .latestPerDevice(project, search, descending, offset, limit));
    }

    Page latest(ProjectId project, String search, boolean descending, int offset, int limit) {
        LatestPage page = latestPage(project, search, descending, offset, limit);
        return new Page(updateIds(page.updates()), page.total(), page.filtered());
    }

    DeviceUpdate reload(DeviceUpdate update) {
        return inTransaction(() -> persistence.deviceUpdates().find(update.projectId(), update.id())).orElseThrow();
    }

    static void assertSameUpdate(DeviceUpdate expected, DeviceUpdate actual, long expectedRevision) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.projectId(), actual.projectId(), "projectId");
        assertEquals(expected.deviceId(), actual.deviceId(), "deviceId");
        assertEquals(expected.imageId(), actual.imageId(), "imageId");
        assertEquals(expected.version(), actual.version(), "version");
        assertEquals(expected.assignedAt(), actual.assignedAt(), "assignedAt");
        assertEquals(expected.state(), actual.state(), "state");
        assertEquals(expected.message(), actual.message(), "message");
        assertEquals(expected.updatedAt(), actual.updatedAt(), "updatedAt");
        assertEquals(expectedRevision, actual.revision(), "revision");
    }

    static List<UUID> updateIds(List<DeviceUpdate> updates) {
        return updates.stream().map(DeviceUpdate::id).toList();
    }
}
