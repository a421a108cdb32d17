package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.out.DeviceStateEpochs;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** The rules of what device polls remember per device, and when it is forgotten. */
class DeviceStatesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration CHECK_IN_CACHE = Duration.ofSeconds(5);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private Instant now = NOW;
    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.StateEpochs shared = new Fakes.StateEpochs();
    private final DeviceStates here = new DeviceStates(() -> now, CHECK_IN_CACHE, BOUND, transactions, shared);
    private final DeviceStates elsewhere = new DeviceStates(() -> now, CHECK_IN_CACHE, BOUND, transactions, shared);
    private final Fakes.Devices stored = new Fakes.Devices();
    private final AtomicInteger lookups = new AtomicInteger();

    private Device device(String id) {
        Device device = Device.register(DeviceId.of(id), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                SecretHash.of("key-" + id), NOW);
        stored.byId.put(device.id(), device);
        return device;
    }

    private DeviceStates.State state(DeviceStates states, Device device) {
        return states.get(device.projectId(), device.id(), () -> {
            lookups.incrementAndGet();
            return new ExpiringCache.Found<>(new DeviceStates.State(device, Optional.empty()), false);
        });
    }

    /** Two devices in different buckets. */
    private Device[] twoBuckets() {
        Device first = device("dev-a");
        for (int i = 0; ; i++) {
            Device other = device("dev-b" + i);
            if (DeviceStates.bucketOf(other.id()) != DeviceStates.bucketOf(first.id())) {
                return new Device[] {first, other};
            }
        }
    }

    @Test
    void aDevicesStateIsRememberedAsLongAsACredentialIs_notOnlyTheCheckInCacheLifetime() {
        Device device = device("dev-1");
        state(here, device);
        for (int minute = 1; minute < 15; minute++) {
            now = NOW.plus(Duration.ofMinutes(minute));
            state(here, device);
        }
        assertEquals(1, lookups.get(), "a device polling every minute is read once");
        now = NOW.plus(CredentialCache.MAX_AGE);
        state(here, device);
        assertEquals(2, lookups.get(), "looked up again after the credential cache's maximum age");
    }

    @Test
    void whatAPollRacingAChangesCommitRemembered_isForgottenOnceTheTransactionHasEnded() {
        Device device = device("dev-1");
        DeviceChangesSeen devices = new DeviceChangesSeen(stored, here);
        transactions.run(() -> {
            devices.update(device);
            state(here, device);
            deployedVersion(here, device);
            state(here, device);
            assertEquals(2, lookups.get(), "remembered while the change is not committed");
        });
        state(here, device);
        deployedVersion(here, device);
        assertEquals(4, lookups.get(), "both forgotten again after the commit");
    }

    @Test
    void aChangeMadeThroughTheObservedRepositoryIsForgottenHereAtOnce() {
        Device device = device("dev-1");
        DeviceChangesSeen devices = new DeviceChangesSeen(stored, here);
        state(here, device);
        devices.update(device);
        state(here, device);
        assertEquals(2, lookups.get());
        devices.remove(device);
        state(here, device);
        assertEquals(3, lookups.get());
    }

    @Test
    void changesInOneTransaction_advanceEachBucketsCounterOnceWhenItEnds() {
        Device[] devices = twoBuckets();
        DeviceChangesSeen observed = new DeviceChangesSeen(stored, here);
        state(here, devices[0]);

        transactions.run(() -> {
            observed.update(devices[0]);
            observed.update(devices[0]);
            observed.update(devices[1]);
            assertEquals(0, java.util.Arrays.stream(shared.values).sum(), "not before the transaction's end");
            state(here, devices[0]);
            assertEquals(2, lookups.get(), "forgotten here at once");
        });

        assertEquals(1, shared.values[DeviceStates.bucketOf(devices[0].id())]);
        assertEquals(1, shared.values[DeviceStates.bucketOf(devices[1].id())]);
        assertEquals(2, java.util.Arrays.stream(shared.values).sum());
    }

    @Test
    void aTransactionsBucketsAreAdvancedInOneCall_inBucketOrder_afterTheCatalogueAndCredentialEpochs() {
        DeviceChangesSeen observed = new DeviceChangesSeen(stored, here);
        List<Device> changed = new ArrayList<>();
        for (int n = 40; n > 0; n--) {
            changed.add(device("dev-" + n));
        }

        transactions.run(() -> changed.forEach(observed::update));

        int[] buckets = changed.stream().mapToInt(device -> DeviceStates.bucketOf(device.id())).distinct().sorted()
                .toArray();
        assertTrue(buckets.length > 1, "the devices fall in several buckets");
        assertEquals(1, shared.advances.size());
        assertArrayEquals(buckets, shared.advances.get(0));
        for (int bucket : buckets) {
            assertEquals(1, shared.values[bucket]);
        }
        assertTrue(CheckInCatalog.ADVANCE_EPOCH.compareTo(DeviceStates.ADVANCE_EPOCHS) < 0);
        assertTrue(CredentialCache.ADVANCE_EPOCH.compareTo(DeviceStates.ADVANCE_EPOCHS) < 0);

        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            changed.forEach(observed::update);
            throw new IllegalStateException("rolled back");
        }));
        transactions.run(() -> observed.update(changed.get(0)));
        assertEquals(2, shared.advances.size(), "nothing for the rolled-back one; the next advances only its own");
        assertArrayEquals(new int[] {DeviceStates.bucketOf(changed.get(0).id())}, shared.advances.get(1));
    }

    @Test
    void theCountersOfARolledBackChangeDoNotMove() {
        Device device = device("dev-1");
        DeviceChangesSeen observed = new DeviceChangesSeen(stored, here);

        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            observed.update(device);
            throw new IllegalStateException("the use case failed after the change");
        }));

        assertEquals(0, java.util.Arrays.stream(shared.values).sum());
    }

    @Test
    void lastSeenTimesAreNotAChange() {
        Device device = device("dev-1");
        DeviceChangesSeen devices = new DeviceChangesSeen(stored, here);
        state(here, device);
        devices.recordLastSeen(Map.of(device.id(), NOW));
        state(here, device);
        assertEquals(1, lookups.get());
        assertEquals(0, java.util.Arrays.stream(shared.values).sum());
    }

    @Test
    void aChangeOnAnotherInstanceIsSeenWithinTheBound_andForgetsOnlyItsBucket() {
        Device[] devices = twoBuckets();
        state(here, devices[0]);
        state(here, devices[1]);
        new DeviceChangesSeen(stored, elsewhere).update(devices[0]);
        now = now.plus(BOUND).minusMillis(1);
        state(here, devices[0]);
        assertEquals(2, lookups.get(), "within the bound the remembered state may still answer");
        now = now.plusMillis(1);
        state(here, devices[0]);
        assertEquals(3, lookups.get(), "once the bound has passed, the moved bucket is forgotten");
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "devices of other buckets stay remembered");
    }

    /** Two devices in one bucket, both remembered here (two lookups; the counters read once). */
    private Device[] rememberedHereInOneBucket() {
        Device first = device("dev-a");
        for (int i = 0; ; i++) {
            Device other = device("dev-b" + i);
            if (DeviceStates.bucketOf(other.id()) == DeviceStates.bucketOf(first.id())) {
                state(here, first);
                state(here, other);
                return new Device[] {first, other};
            }
        }
    }

    @Test
    void aChangeAnnouncedHere_doesNotMakeThisInstanceForgetItsBucket_oneAnnouncedElsewhereDoes() {
        Device[] devices = rememberedHereInOneBucket();
        transactions.run(() -> here.announce(devices[0].id()));
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(2, lookups.get(), "the bucket's devices stay remembered past this instance's own advance");

        transactions.run(() -> elsewhere.announce(devices[0].id()));
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "another instance's advance is seen within the bound");
        state(elsewhere, devices[1]);
        now = now.plus(BOUND);
        state(elsewhere, devices[1]);
        assertEquals(4, lookups.get(), "and the other instance keeps its own as this one does");
    }

    @Test
    void anAdvanceHereWhoseTransactionDidNotCommit_isNotTakenAsKnown() {
        Device[] devices = rememberedHereInOneBucket();
        // The fake rolls nothing back: the counter moved, as when a commit's outcome is unknown.
        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            here.announce(devices[0].id());
            transactions.beforeCommit("~ an action after the advance, which fails the commit", () -> {
                throw new IllegalStateException("the commit failed");
            });
        }));
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "the moved bucket is forgotten");
    }

    @Test
    void anAdvanceHereAfterOneElsewhereThatThisInstanceHasNotRead_leavesTheBucketToBeForgotten() {
        Device[] devices = rememberedHereInOneBucket();
        transactions.run(() -> elsewhere.announce(devices[1].id()));
        transactions.run(() -> here.announce(devices[0].id()));
        assertEquals(2, shared.values[DeviceStates.bucketOf(devices[0].id())]);
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "the change elsewhere is seen, though this instance advanced after it");
    }

    @Test
    void advancesHereNotedInAnotherOrderThanTheyCommitted_stillKeepTheBucket() {
        Device[] devices = rememberedHereInOneBucket();
        int bucket = DeviceStates.bucketOf(devices[0].id());
        // Two changes here committed 1, then 2; the second's note comes first.
        shared.values[bucket] = 2;
        here.advancedHere(bucket, 2);
        here.advancedHere(bucket, 1);
        // Two more committed here, 3 and 4; a read comes after 4's note but before 3's.
        shared.values[bucket] = 4;
        here.advancedHere(bucket, 4);
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "3 is not known to be this instance's: the bucket is forgotten");
        here.advancedHere(bucket, 3);
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "the read took 4 as known; 3's late note changes nothing");
    }

    @Test
    void aReadOlderThanTheNotesOfAdvancesHere_keepsTheBucket_aCounterThatWentBackDoesNot() {
        Device[] devices = rememberedHereInOneBucket();
        int bucket = DeviceStates.bucketOf(devices[0].id());
        here.advancedHere(bucket, 1);
        here.advancedHere(bucket, 2);
        // The read's snapshot was taken between the two commits; both notes came before its comparison.
        shared.values[bucket] = 1;
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(2, lookups.get(), "1 was set here: the bucket stays remembered");
        shared.values[bucket] = 2;
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(2, lookups.get(), "and so does 2");

        shared.values[bucket] = 1; // the row deleted by hand and put back by a change elsewhere
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(3, lookups.get(), "a counter below the last value read is a move of unknown origin");
        shared.values[bucket] = 3;
        here.advancedHere(bucket, 3);
        now = now.plus(BOUND);
        state(here, devices[1]);
        assertEquals(4, lookups.get(), "2 was set elsewhere: 3, set here, does not make it known");
    }

    @Test
    void anAdvanceHereBeforeThisInstanceFirstReadTheCounters_isLeftToThatRead() {
        Device device = device("dev-1");
        transactions.run(() -> here.announce(device.id()));
        state(here, device);
        state(here, device);
        assertEquals(1, lookups.get());
        assertEquals(1, shared.reads, "the first read takes the counters as they are");
    }

    private Optional<FirmwareVersion> deployedVersion(DeviceStates states, Device device) {
        return states.deployedVersion(device.id(), () -> {
            lookups.incrementAndGet();
            return Optional.of(FirmwareVersion.of("1.0." + lookups.get()));
        });
    }

    @Test
    void aDevicesDeployedVersionIsRememberedAndForgottenWithItsState() {
        Device[] devices = twoBuckets();
        assertEquals(Optional.of(FirmwareVersion.of("1.0.1")), deployedVersion(here, devices[0]));
        assertEquals(Optional.of(FirmwareVersion.of("1.0.1")), deployedVersion(here, devices[0]));
        assertEquals(1, lookups.get(), "remembered");

        here.changed(devices[0].projectId(), devices[0].id());
        assertEquals(Optional.of(FirmwareVersion.of("1.0.2")), deployedVersion(here, devices[0]),
                "a deploy here is answered at once");
        new DeviceChangesSeen(stored, here).remove(devices[0]);
        deployedVersion(here, devices[0]);
        assertEquals(3, lookups.get(), "a deleted device is forgotten");
    }

    @Test
    void aDeployOnAnotherInstanceIsSeenWithinTheBound() {
        Device[] devices = twoBuckets();
        deployedVersion(here, devices[0]);
        deployedVersion(here, devices[1]);
        elsewhere.changed(devices[0].projectId(), devices[0].id());
        now = now.plus(BOUND).minusMillis(1);
        deployedVersion(here, devices[0]);
        assertEquals(2, lookups.get(), "within the bound the remembered version may still answer");
        now = now.plusMillis(1);
        assertEquals(Optional.of(FirmwareVersion.of("1.0.3")), deployedVersion(here, devices[0]));
        deployedVersion(here, devices[1]);
        assertEquals(3, lookups.get(), "devices of other buckets stay remembered");
    }

    @Test
    void aDeployedVersionThatCannotBeLookedUpIsNotRemembered() {
        DeviceId unknown = DeviceId.of("nobody");
        for (int i = 0; i < 2; i++) {
            assertThrows(IllegalStateException.class, () -> here.deployedVersion(unknown, () -> {
                lookups.incrementAndGet();
                throw new IllegalStateException("no such device");
            }));
        }
        assertEquals(2, lookups.get());
    }

    @Test
    void theCountersAreReadAtMostOncePerBound() {
        Device device = device("dev-1");
        for (int i = 0; i < 10; i++) {
            now = NOW.plusMillis(400L * i);
            state(here, device);
        }
        assertEquals(1, shared.reads, "4 seconds, one read");
        now = NOW.plus(BOUND);
        state(here, device);
        assertEquals(2, shared.reads);
    }

    @Test
    void aFailedReadOfTheCountersForgetsEverything() {
        Device[] devices = twoBuckets();
        state(here, devices[0]);
        state(here, devices[1]);
        shared.failing = true;
        now = now.plus(BOUND);
        state(here, devices[0]);
        state(here, devices[1]);
        assertEquals(4, lookups.get());
    }

    @Test
    void withoutABoundNoCounterIsReadAndEntriesLiveTheCheckInCacheLifetime() {
        DeviceStates unbound = new DeviceStates(() -> now, CHECK_IN_CACHE, Duration.ZERO, transactions, shared);
        Device device = device("dev-1");
        state(unbound, device);
        now = now.plus(CHECK_IN_CACHE).minusMillis(1);
        state(unbound, device);
        assertEquals(1, lookups.get());
        now = now.plusMillis(1);
        state(unbound, device);
        assertEquals(2, lookups.get());
        assertEquals(0, shared.reads);
    }

    @Test
    void withoutACheckInCacheNothingIsRemembered() {
        DeviceStates none = new DeviceStates(() -> now, Duration.ZERO, BOUND, transactions, shared);
        Device device = device("dev-1");
        state(none, device);
        state(none, device);
        assertEquals(2, lookups.get());
    }

    @Test
    void fromMemoryAnAttemptAnswersWhatIsRememberedAndEndsAtAMissWithoutLookingUp() {
        Device device = device("dev-1");
        assertEquals(Optional.empty(), FromMemory.attempt(() -> state(here, device)));
        assertEquals(0, lookups.get());
        state(here, device);
        assertTrue(FromMemory.attempt(() -> state(here, device)).isPresent());
        assertEquals(1, lookups.get());
    }

    @Test
    void fromMemoryAnAttemptEndsWhenTheCountersAreDueForAReadAndLeavesTheReadToAThreadThatMayWait() {
        Device device = device("dev-1");
        state(here, device);
        int reads = shared.reads;
        now = now.plus(BOUND);
        assertEquals(Optional.empty(), FromMemory.attempt(() -> state(here, device)));
        assertEquals(reads, shared.reads);
        state(here, device);
        assertNotEquals(reads, shared.reads);
        assertTrue(FromMemory.attempt(() -> state(here, device)).isPresent());
    }

    @Test
    void fromMemoryNoTransactionOpensInsideAnAttempt() {
        var guarded = FromMemory.guard(transactions);
        assertEquals(Optional.empty(), FromMemory.attempt(() -> guarded.inTransaction(() -> "read")));
        assertEquals(0, transactions.count.get());
        assertEquals("read", guarded.inTransaction(() -> "read"));
        assertThrows(IllegalStateException.class, () -> FromMemory.attempt(() -> {
            throw new IllegalStateException("other failures propagate");
        }));
    }

    @Test
    void sequentialDeviceIdsSpreadEvenlyOverTheBuckets_withinTheQuarterEachBucketHasSpare() {
        int[] devices = new int[DeviceStateEpochs.BUCKETS];
        int fleet = 100_000;
        for (int n = 1; n <= fleet; n++) {
            devices[DeviceStates.bucketOf(DeviceId.of(String.format("device-%06d", n)))]++;
        }
        double even = (double) fleet / devices.length;
        for (int bucket = 0; bucket < devices.length; bucket++) {
            assertTrue(devices[bucket] > even * 3 / 4 && devices[bucket] < even * 5 / 4,
                    "bucket " + bucket + " holds " + devices[bucket] + " of " + fleet);
        }
    }
}
