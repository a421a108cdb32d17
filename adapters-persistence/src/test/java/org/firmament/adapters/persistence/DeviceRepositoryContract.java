package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.application.service.LastSeenRecorder;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.DeviceRepository}, run against each database. */
abstract class DeviceRepositoryContract extends PersistenceContractSupport {

    static final DeviceClass LIGHT = DeviceClass.of("smart_light");
    static final DeviceClass PLUG = DeviceClass.of("smart-plug");
    static final Channel BETA = Channel.of("beta");

    // ---- mapping round trips ----

    @Test
    void aRegisteredDeviceReadsBackWithEveryField_itsOptionalFieldsEmpty() {
        Device device = Device.register(DeviceId.of("okm-0001"), PROJECT, LIGHT, null, SecretHash.of("key"), T0);
        inTransaction(() -> persistence.devices().add(device));

        Device found = reload(device);

        assertSameDevice(device, found, 0);
        assertTrue(found.channelOverride().isEmpty());
        assertTrue(found.installedBundle().isEmpty());
        assertTrue(found.lastSeen().isEmpty());
        assertTrue(found.authenticates("key"));
    }

    @Test
    void aDeviceWithEveryOptionalFieldReadsBackWithEveryField() {
        Device device = Device.reconstitute(DeviceId.of("Okm_0002.b"), PROJECT, PLUG, BETA,
                new SecretHash("ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"),
                BundleId.of("fleet-2024.03"), InstalledVersions.NONE
                        .with(FirmwareTypeName.of("main fw/µ"), FirmwareVersion.of("1.2.3-rc.1+build.7"))
                        .with(FirmwareTypeName.of("OKM"), FirmwareVersion.of("0019")),
                new UpdatePin.PinnedVersion(FirmwareTypeName.of("OKM"), FirmwareVersion.of("0018")), at(100), T0, 0);
        inTransaction(() -> persistence.devices().add(device));

        assertSameDevice(device, reload(device), 0);
    }

    @Test
    void anUpdatedDeviceReadsBackWithItsNewFields_atTheNextRevision() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");

        Device changed = reload(stored);
        changed.reclassify(PLUG);
        changed.overrideChannel(BETA);
        changed.rotateKey(SecretHash.of("rotated"));
        changed.reportInstalled(BundleId.of("b-7"), at(5));
        changed.reportVersions(InstalledVersions.NONE.with(FirmwareTypeName.of("radio"), FirmwareVersion.of("7")),
                at(5));
        changed.pin(new UpdatePin.PinnedBundle(BundleId.of("b-6")));
        inTransaction(() -> persistence.devices().update(changed));
        assertSameDevice(changed, reload(stored), 1);

        Device cleared = reload(stored);
        cleared.overrideChannel(null);
        cleared.pin(null);
        inTransaction(() -> persistence.devices().update(cleared));
        assertSameDevice(cleared, reload(stored), 2);
        assertTrue(reload(stored).channelOverride().isEmpty());
    }

    @Test
    void aDeviceAddedAndUpdatedInOneTransaction_isStoredWithTheUpdate() {
        Device device = device(PROJECT, "d1", "smart_light");
        inTransaction(() -> {
            persistence.devices().add(device);
            device.reportInstalled(BundleId.of("b1"), at(3));
            persistence.devices().update(device);
        });

        Device found = reload(device);
        assertEquals(Optional.of(BundleId.of("b1")), found.installedBundle());
        assertEquals(Optional.of(at(3)), found.lastSeen());
    }

    // ---- lookups ----

    @Test
    void aDeviceIsFoundByIdAlone_inAnyProject_butByProjectOnlyInItsOwn() {
        Device device = existingDevice(OTHER_PROJECT, "d1", "smart_light");

        assertSameDevice(device, inTransaction(() -> persistence.devices().find(device.id())).orElseThrow(), 0);
        assertSameDevice(device, inTransaction(() -> persistence.devices().find(OTHER_PROJECT, device.id()))
                .orElseThrow(), 0);
        assertTrue(inTransaction(() -> persistence.devices().find(PROJECT, device.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.devices().list(PROJECT, Optional.empty(), Optional.empty(), 0, 10))
                .isEmpty());
        assertEquals(0, inTransaction(() -> persistence.devices().count(PROJECT, Optional.empty(), Optional.empty())));
    }

    @Test
    void findEach_findsTheProjectsDevicesNamed_notOthersNorOtherProjects_inOneRead() {
        Device first = existingDevice(PROJECT, "d1", "smart_light");
        Device second = existingDevice(PROJECT, "d2", "smart_light");
        existingDevice(PROJECT, "d3", "smart_light");
        Device elsewhere = existingDevice(OTHER_PROJECT, "d4", "smart_light");

        Map<DeviceId, Device> found = inTransaction(() -> persistence.devices().findEach(PROJECT,
                List.of(first.id(), second.id(), elsewhere.id(), DeviceId.of("nothing"), first.id())));

        assertEquals(java.util.Set.of(first.id(), second.id()), found.keySet());
        assertSameDevice(first, found.get(first.id()), 0);
        assertSameDevice(second, found.get(second.id()), 0);
        assertEquals(Map.of(), inTransaction(() -> persistence.devices().findEach(PROJECT, List.of())));
        assertEquals(java.util.Set.of(first.id()),
                inTransaction(() -> persistence.devices().findEach(PROJECT, List.of(first.id()))).keySet());
        assertEquals(Map.of(), inTransaction(() -> persistence.devices().findEach(PROJECT, List.of(elsewhere.id()))));
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        assertTrue(inTransaction(() -> persistence.devices().find(DeviceId.of("nothing"))).isEmpty());
        assertTrue(inTransaction(() -> persistence.devices().find(PROJECT, DeviceId.of("nothing"))).isEmpty());
    }

    @Test
    void aDeviceIsFoundByItsCurrentKeyHash_only() {
        Device device = existingDevice(OTHER_PROJECT, "d1", "smart_light");
        existingDevice(PROJECT, "d2", "smart_light");
        SecretHash original = device.apiKeyHash();

        assertSameDevice(device, byKey(original).orElseThrow(), 0);
        assertTrue(byKey(SecretHash.of("unknown")).isEmpty());

        Device rotated = reload(device);
        rotated.rotateKey(SecretHash.of("new key"));
        inTransaction(() -> persistence.devices().update(rotated));

        assertTrue(byKey(original).isEmpty());
        assertEquals(device.id(), byKey(SecretHash.of("new key")).orElseThrow().id());
    }

    @Test
    void devicesAreFoundByKeyHashesInOneRead_acrossProjects_eachByTheHashItWasFoundBy() {
        Device first = existingDevice(OTHER_PROJECT, "d1", "smart_light");
        Device second = existingDevice(PROJECT, "d2", "smart_light");
        existingDevice(PROJECT, "d3", "smart_light");
        SecretHash unknown = SecretHash.of("unknown");

        Map<SecretHash, Device> found = inTransaction(() -> persistence.devices().findEachByApiKeyHash(
                List.of(second.apiKeyHash(), unknown, first.apiKeyHash(), second.apiKeyHash())));

        assertEquals(Set.of(first.apiKeyHash(), second.apiKeyHash()), found.keySet());
        assertSameDevice(first, found.get(first.apiKeyHash()), 0);
        assertSameDevice(second, found.get(second.apiKeyHash()), 0);
        assertEquals(Map.of(), inTransaction(() -> persistence.devices().findEachByApiKeyHash(List.of())));
    }

    private Optional<Device> byKey(SecretHash keyHash) {
        return Optional.ofNullable(inTransaction(() -> persistence.devices().findEachByApiKeyHash(List.of(keyHash)))
                .get(keyHash));
    }

    @Test
    void theListIsOrderedById_filteredByClassAndChannelOverride_andCountedAlike() {
        existingDevice(PROJECT, "dev-05", "smart_light");
        existingDevice(PROJECT, "dev-01", "smart-plug");
        existingDevice(PROJECT, "dev-03", "smart_light");
        addDevice(PROJECT, "dev-04", LIGHT, BETA);
        addDevice(PROJECT, "dev-02", PLUG, BETA);
        existingDevice(OTHER_PROJECT, "dev-00", "smart_light");

        assertEquals(List.of("dev-01", "dev-02", "dev-03", "dev-04", "dev-05"), list(Optional.empty(),
                Optional.empty(), 0, 100));
        assertEquals(List.of("dev-03", "dev-04", "dev-05"), list(Optional.of(LIGHT), Optional.empty(), 0, 100));
        assertEquals(List.of("dev-02", "dev-04"), list(Optional.empty(), Optional.of(BETA), 0, 100));
        assertEquals(List.of("dev-04"), list(Optional.of(LIGHT), Optional.of(BETA), 0, 100));
        assertEquals(List.of(), list(Optional.of(LIGHT), Optional.of(Channel.STABLE), 0, 100));

        assertEquals(5, count(Optional.empty(), Optional.empty()));
        assertEquals(3, count(Optional.of(LIGHT), Optional.empty()));
        assertEquals(2, count(Optional.empty(), Optional.of(BETA)));
        assertEquals(1, count(Optional.of(LIGHT), Optional.of(BETA)));
        assertEquals(0, count(Optional.of(LIGHT), Optional.of(Channel.STABLE)));
    }

    @Test
    void pagesAreCutFromTheOrderedList_andCountIgnoresPaging() {
        for (int i = 1; i <= 7; i++) {
            existingDevice(PROJECT, "dev-0" + i, "smart_light");
        }

        assertEquals(List.of("dev-01", "dev-02", "dev-03"), list(Optional.empty(), Optional.empty(), 0, 3));
        assertEquals(List.of("dev-04", "dev-05", "dev-06"), list(Optional.empty(), Optional.empty(), 3, 3));
        assertEquals(List.of("dev-07"), list(Optional.empty(), Optional.empty(), 6, 3));
        assertEquals(List.of(), list(Optional.empty(), Optional.empty(), 7, 3));
        assertEquals(List.of(), list(Optional.empty(), Optional.empty(), 0, 0));
        assertEquals(7, count(Optional.empty(), Optional.empty()));
    }

    @Test
    void aNegativeOffsetOrLimit_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> list(Optional.empty(), Optional.empty(), -1, 3));
        assertThrows(IllegalArgumentException.class, () -> list(Optional.empty(), Optional.empty(), 0, -1));
    }

    // ---- ids are unique across projects, keys unique everywhere ----

    @Test
    void addingATakenId_throwsAlreadyExists_andChangesNothing() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        Device duplicate = Device.register(stored.id(), PROJECT, PLUG, BETA, SecretHash.of("other key"), at(1));

        AlreadyExistsException thrown = assertThrows(AlreadyExistsException.class,
                () -> inTransaction(() -> persistence.devices().add(duplicate)));

        assertEquals("device", thrown.what());
        assertEquals("d1", thrown.id());
        assertSameDevice(stored, reload(stored), 0);
    }

    @Test
    void addingAnIdTakenInAnotherProject_throwsAlreadyExists() {
        existingDevice(OTHER_PROJECT, "d1", "smart_light");

        assertThrows(AlreadyExistsException.class,
                () -> inTransaction(() -> persistence.devices().add(device(PROJECT, "d1", "smart_light"))));
        assertEquals(1, count("device"));
    }

    @Test
    void addingOneIdTwiceInOneTransaction_throwsAlreadyExists_andAddsNeither() {
        assertThrows(AlreadyExistsException.class, () -> inTransaction(() -> {
            persistence.devices().add(device(PROJECT, "d1", "smart_light"));
            persistence.devices().add(Device.register(DeviceId.of("d1"), PROJECT, LIGHT, null,
                    SecretHash.of("second key"), T0));
        }));
        assertEquals(0, count("device"));
    }

    @Test
    void twoTransactionsAddingTheSameId_oneCommitsTheOtherGetsAlreadyExists() throws Exception {
        Contender contender = bothReady -> {
            assertTrue(persistence.devices().find(DeviceId.of("d1")).isEmpty());
            bothReady.run();
            persistence.devices().add(Device.register(DeviceId.of("d1"), PROJECT, LIGHT, null,
                    SecretHash.of(UUID.randomUUID().toString()), T0));
        };

        assertOneWinsOneFailsWith(AlreadyExistsException.class, race(contender, contender));
        assertEquals(1, count("device"));
    }

    @Test
    void aKeyHashAnotherDeviceHas_throwsConcurrentModification_onAddAndOnUpdate() {
        Device holder = existingDevice(PROJECT, "d1", "smart_light");
        Device other = existingDevice(OTHER_PROJECT, "d2", "smart_light");

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> persistence.devices()
                .add(Device.register(DeviceId.of("d3"), PROJECT, LIGHT, null, holder.apiKeyHash(), T0))));

        Device colliding = reload(other);
        colliding.rotateKey(holder.apiKeyHash());
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.devices().update(colliding)));

        assertEquals(2, count("device"));
        assertEquals(other.apiKeyHash(), reload(other).apiKeyHash());
    }

    // ---- optimistic locking ----

    @Test
    void updatingOrRemovingAStaleCopy_throwsConcurrentModification() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        Device first = reload(stored);
        Device stale = reload(stored);
        first.reclassify(PLUG);
        inTransaction(() -> persistence.devices().update(first));

        stale.overrideChannel(BETA);
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.devices().update(stale)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.devices().remove(stale)));

        assertSameDevice(first, reload(stored), 1);
    }

    @Test
    void updatingOrRemovingThroughAnotherProject_throwsConcurrentModification() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        Device foreign = Device.reconstitute(stored.id(), OTHER_PROJECT, LIGHT, null, stored.apiKeyHash(), null,
                InstalledVersions.NONE, null, null, T0, 0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.devices().update(foreign)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.devices().remove(foreign)));
        assertEquals(1, count("device"));
    }

    @Test
    void twoTransactionsUpdatingTheSameDevice_oneCommitsTheOtherGetsConcurrentModification() throws Exception {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        Contender contender = bothReady -> {
            Device copy = persistence.devices().find(PROJECT, stored.id()).orElseThrow();
            bothReady.run();
            copy.rotateKey(SecretHash.of(UUID.randomUUID().toString()));
            persistence.devices().update(copy);
        };

        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(contender, contender));
        assertEquals(1, reload(stored).revision());
    }

    @Test
    void removingADevice_removesItsUpdates_andNoOtherDevices() {
        Device removed = existingDevice(PROJECT, "d1", "smart_light");
        Device kept = existingDevice(PROJECT, "d2", "smart_light");
        inTransaction(() -> {
            persistence.deviceUpdates().add(assigned(removed));
            persistence.deviceUpdates().add(assigned(kept));
        });

        inTransaction(() -> persistence.devices().remove(reload(removed)));

        assertTrue(inTransaction(() -> persistence.devices().find(removed.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.devices().find(kept.id())).isPresent());
        assertEquals(1, count("device_update"));
    }

    // ---- last seen ----

    @Test
    void recordingLastSeen_aLaterTimeWins_anEarlierIsIgnored_unknownIdsAreSkipped() {
        Device never = existingDevice(PROJECT, "never", "smart_light");
        Device seen = existingDevice(OTHER_PROJECT, "seen", "smart_light");
        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(seen.id(), at(10))));

        Map<DeviceId, Instant> batch = new HashMap<>();
        batch.put(never.id(), at(5));
        batch.put(seen.id(), at(20));
        batch.put(DeviceId.of("unknown"), at(30));
        inTransaction(() -> persistence.devices().recordLastSeen(batch));
        assertEquals(Optional.of(at(5)), reload(never).lastSeen());
        assertEquals(Optional.of(at(20)), reload(seen).lastSeen());

        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(never.id(), at(1), seen.id(), at(20))));
        assertEquals(Optional.of(at(5)), reload(never).lastSeen());
        assertEquals(Optional.of(at(20)), reload(seen).lastSeen());
        assertEquals(2, count("device"));
    }

    @Test
    void recordingLastSeen_keepsTheRevision_soAConcurrentUpdateStillSucceeds() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        Device operatorsCopy = reload(stored);

        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(stored.id(), at(10))));
        assertEquals(0, reload(stored).revision());

        operatorsCopy.reclassify(PLUG);
        inTransaction(() -> persistence.devices().update(operatorsCopy));

        Device found = reload(stored);
        assertEquals(1, found.revision());
        assertEquals(PLUG, found.deviceClass());
        assertEquals(Optional.of(at(10)), found.lastSeen(), "the operator's older copy does not move it back");
    }

    @Test
    void recordingLastSeenWhileAnotherTransactionUpdatesTheDevice_bothSucceed() throws Exception {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        List<Throwable> outcomes = race(
                bothReady -> {
                    Device copy = persistence.devices().find(PROJECT, stored.id()).orElseThrow();
                    bothReady.run();
                    copy.overrideChannel(BETA);
                    persistence.devices().update(copy);
                },
                bothReady -> {
                    bothReady.run();
                    persistence.devices().recordLastSeen(Map.of(stored.id(), at(7)));
                });

        assertEquals(Arrays.asList(null, null), outcomes);
        Device found = reload(stored);
        assertEquals(Optional.of(BETA), found.channelOverride());
        assertEquals(Optional.of(at(7)), found.lastSeen());
        assertEquals(1, found.revision());
    }

    @Test
    void anUpdateCarryingAnOlderLastSeen_doesNotMoveItBack_andANewerOneMovesItForward() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");
        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(stored.id(), at(10))));

        Device older = Device.reconstitute(stored.id(), PROJECT, PLUG, null, stored.apiKeyHash(), null,
                InstalledVersions.NONE, null, at(5), T0, 0);
        inTransaction(() -> persistence.devices().update(older));
        assertEquals(Optional.of(at(10)), reload(stored).lastSeen());

        Device newer = reload(stored);
        newer.seen(at(15));
        inTransaction(() -> persistence.devices().update(newer));
        assertEquals(Optional.of(at(15)), reload(stored).lastSeen());
    }

    @Test
    void recordingNothing_changesNothing() {
        Device stored = existingDevice(PROJECT, "d1", "smart_light");

        inTransaction(() -> persistence.devices().recordLastSeen(Map.of()));

        assertSameDevice(stored, reload(stored), 0);
    }

    @Test
    void recordingMoreDevicesThanOneStatementTakes_writesEveryOne() {
        int devices = HibernateDeviceRepository.LAST_SEEN_CHUNK + 1;
        insertDeviceRows(devices);
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (int i = 0; i < devices; i++) {
            batch.put(DeviceId.of(bulkId(i)), at(i % 60));
        }

        inTransaction(() -> persistence.devices().recordLastSeen(batch));

        assertEquals(devices, countRows("SELECT COUNT(*) FROM device WHERE last_seen IS NOT NULL"));
        for (int i : new int[] {0, HibernateDeviceRepository.LAST_SEEN_CHUNK - 1,
                HibernateDeviceRepository.LAST_SEEN_CHUNK, devices - 1}) {
            Device found = inTransaction(() -> persistence.devices().find(DeviceId.of(bulkId(i)))).orElseThrow();
            assertEquals(Optional.of(at(i % 60)), found.lastSeen(), bulkId(i));
            assertEquals(0, found.revision(), bulkId(i));
        }
    }

    @Test
    void recordingAcrossChunkBoundaries_keepsEveryRuleInEveryChunk() {
        HibernateDeviceRepository inChunksOfTwo = new HibernateDeviceRepository(
                (SessionTransactionBoundary) persistence.transactions(), 2);
        Device first = existingDevice(PROJECT, "a1", "smart_light");
        Device later = existingDevice(PROJECT, "a2", "smart_light");
        Device third = existingDevice(OTHER_PROJECT, "a4", "smart_light");
        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(later.id(), at(50))));

        Map<DeviceId, Instant> batch = new HashMap<>();
        batch.put(first.id(), at(10));
        batch.put(later.id(), at(20));
        batch.put(DeviceId.of("a3-unknown"), at(30));
        batch.put(third.id(), at(40));
        batch.put(DeviceId.of("a5-unknown"), at(50));
        inTransaction(() -> inChunksOfTwo.recordLastSeen(batch));

        assertEquals(Optional.of(at(10)), reload(first).lastSeen());
        assertEquals(Optional.of(at(50)), reload(later).lastSeen(), "an earlier time does not overwrite a later one");
        assertEquals(Optional.of(at(40)), reload(third).lastSeen());
        assertEquals(3, count("device"));
    }

    @Test
    void recordingLastSeen_touchesNothingElseOfTheRow() {
        Device stored = device(PROJECT, "d1", "smart_light");
        stored.overrideChannel(BETA);
        inTransaction(() -> persistence.devices().add(stored));
        Device before = reload(stored);

        inTransaction(() -> persistence.devices().recordLastSeen(Map.of(stored.id(), at(10))));

        Device after = reload(stored);
        assertEquals(Optional.of(at(10)), after.lastSeen());
        before.seen(at(10));
        assertSameDevice(before, after, 0);
    }

    @Test
    void aDeviceDeletedBetweenBeingSeenAndTheFlush_isSkipped_andTheOthersAreWritten() {
        Device deleted = existingDevice(PROJECT, "d1", "smart_light");
        Device kept = existingDevice(PROJECT, "d2", "smart_light");
        Map<DeviceId, Instant> seen = Map.of(deleted.id(), at(10), kept.id(), at(11));
        inTransaction(() -> persistence.devices().remove(reload(deleted)));

        inTransaction(() -> persistence.devices().recordLastSeen(seen));

        assertTrue(inTransaction(() -> persistence.devices().find(deleted.id())).isEmpty());
        assertEquals(Optional.of(at(11)), reload(kept).lastSeen());
        assertEquals(1, count("device"));
    }

    @Test
    void aFlushThatFails_keepsTheTimesForTheNextFlush_whereALaterTimeNotedMeanwhileWins() {
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        Persistence failing = Persistence.start(database);
        try {
            AtomicReference<Persistence> current = new AtomicReference<>(failing);
            AtomicReference<Instant> now = new AtomicReference<>(at(10));
            LastSeenRecorder recorder = new LastSeenRecorder(transactionsOf(current), devicesOf(current),
                    now::get);
            recorder.seen(device.id());
            failing.pool().close();

            assertThrows(ServiceUnavailableException.class, recorder::flush);
            assertEquals(1, recorder.pendingCount());
            assertEquals(Optional.empty(), reload(device).lastSeen());

            now.set(at(20));
            recorder.seen(device.id());
            now.set(at(15));
            recorder.seen(device.id());
            current.set(persistence);
            recorder.flush();
            assertEquals(0, recorder.pendingCount());
            // The recorder keeps times to the millisecond.
            assertEquals(Optional.of(at(20).truncatedTo(ChronoUnit.MILLIS)), reload(device).lastSeen());
        } finally {
            failing.close();
        }
    }

    @Test
    void usingDevicesOutsideATransaction_throwsIllegalState() {
        Device device = device(PROJECT, "d1", "smart_light");

        assertThrows(IllegalStateException.class, () -> persistence.devices().add(device));
        assertThrows(IllegalStateException.class, () -> persistence.devices().find(device.id()));
        assertThrows(IllegalStateException.class,
                () -> persistence.devices().recordLastSeen(Map.of(device.id(), T0)));
        assertThrows(IllegalStateException.class, () -> persistence.devices().recordLastSeen(Map.of()));
    }

    // ---- helpers ----

    static String bulkId(int i) {
        return String.format("bulk-%06d", i);
    }

    /** Device rows by plain SQL in one batch: the adapter's own insert would take minutes for this many. */
    void insertDeviceRows(int devices) {
        try (Connection connection = persistence.pool().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO device (id, project_id,"
                     + " device_class, api_key_sha256, created_at, row_version) VALUES (?, 1, 'smart_light', ?, ?, 0)")) {
            for (int i = 0; i < devices; i++) {
                insert.setString(1, bulkId(i));
                insert.setString(2, String.format("%064d", i));
                insert.setObject(3, T0.atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long countRows(String query) {
        try (Connection connection = persistence.pool().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The transactions of whichever adapter {@code current} holds at each call. */
    static TransactionBoundary transactionsOf(AtomicReference<Persistence> current) {
        return new TransactionBoundary() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return current.get().transactions().inTransaction(work);
            }
        };
    }

    /** The devices of whichever adapter {@code current} holds at each call. */
    static DeviceRepository devicesOf(AtomicReference<Persistence> current) {
        return (DeviceRepository) Proxy.newProxyInstance(DeviceRepository.class.getClassLoader(),
                new Class<?>[] {DeviceRepository.class}, (proxy, method, arguments) -> {
                    try {
                        return method.invoke(current.get().devices(), arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void addDevice(ProjectId project, String id, DeviceClass deviceClass, Channel channelOverride) {
        inTransaction(() -> persistence.devices().add(Device.register(DeviceId.of(id), project, deviceClass,
                channelOverride, SecretHash.of("key of " + id), T0)));
    }

    List<String> list(Optional<DeviceClass> deviceClass, Optional<Channel> channel, int offset, int limit) {
        return inTransaction(() -> persistence.devices().list(PROJECT, deviceClass, channel, offset, limit)).stream()
                .map(device -> device.id().value())
                .toList();
    }

    long count(Optional<DeviceClass> deviceClass, Optional<Channel> channel) {
        return inTransaction(() -> persistence.devices().count(PROJECT, deviceClass, channel));
    }

    static DeviceUpdate assigned(Device device) {
        return DeviceUpdate.reconstitute(UUID.randomUUID(), device.projectId(), device.id(),
                ImageId.of(UUID.randomUUID()), FirmwareVersion.of("1.0.0"), T0, UpdateState.ASSIGNED, null, T0, 0);
    }

    Device reload(Device device) {
        return inTransaction(() -> persistence.devices().find(device.projectId(), device.id())).orElseThrow();
    }

    static void assertSameDevice(Device expected, Device actual, long expectedRevision) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.projectId(), actual.projectId(), "projectId");
        assertEquals(expected.deviceClass(), actual.deviceClass(), "deviceClass");
        assertEquals(expected.channelOverride(), actual.channelOverride(), "channelOverride");
        assertEquals(expected.apiKeyHash(), actual.apiKeyHash(), "apiKeyHash");
        assertEquals(expected.installedBundle(), actual.installedBundle(), "installedBundle");
        assertEquals(expected.installedVersions(), actual.installedVersions(), "installedVersions");
        assertEquals(expected.pin(), actual.pin(), "pin");
        assertEquals(expected.lastSeen(), actual.lastSeen(), "lastSeen");
        assertEquals(expected.createdAt(), actual.createdAt(), "createdAt");
        assertEquals(expectedRevision, actual.revision(), "revision");
    }
}
