package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.application.port.in.DeviceCheckInUseCase.Stated;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.out.OfferedUpdateRepository;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.IllegalTransitionException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
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

class DeviceCheckInServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final FirmwareTypeName MAIN = FirmwareTypeName.of("main");

    /** In memory, oldest offer first; counts writes so tests can tell a check-in wrote nothing. */
    static final class OfferedUpdates implements OfferedUpdateRepository {
        final List<OfferedUpdate> stored = new ArrayList<>();
        int writes;
        int latestReads;
        /** Thrown by every read of latest offers, as by a database out of reach. */
        RuntimeException failingReads;
        /** Whether adding several offers at once fails, as when another instance took one of their ids. */
        boolean severalAddsConflict;

        @Override
        public Optional<OfferedUpdate> find(ProjectId projectId, UUID id) {
            return stored.stream().filter(u -> u.id().equals(id) && u.projectId().equals(projectId)).findFirst()
                    .map(OfferedUpdates::copy);
        }

        @Override
        public Optional<OfferedUpdate> latestFor(ProjectId projectId, DeviceId deviceId) {
            latestReads++;
            return history(projectId, deviceId, 0, 1).stream().findFirst();
        }

        @Override
        public Map<DeviceId, OfferedUpdate> latestForEach(ProjectId projectId, Collection<DeviceId> deviceIds) {
            if (failingReads != null) {
                throw failingReads;
            }
            Map<DeviceId, OfferedUpdate> latest = new HashMap<>();
            deviceIds.forEach(id -> latestFor(projectId, id).ifPresent(update -> latest.put(id, update)));
            return latest;
        }

        @Override
        public List<OfferedUpdate> history(ProjectId projectId, DeviceId deviceId, int offset, int limit) {
            return stored.stream().filter(u -> u.projectId().equals(projectId) && u.deviceId().equals(deviceId))
                    .sorted(Comparator.comparing(OfferedUpdate::offeredAt).reversed())
                    .skip(offset).limit(limit).map(OfferedUpdates::copy).toList();
        }

        @Override
        public long count(ProjectId projectId, DeviceId deviceId) {
            return stored.stream().filter(u -> u.projectId().equals(projectId) && u.deviceId().equals(deviceId)).count();
        }

        @Override
        public void addAll(List<OfferedUpdate> added) {
            if (severalAddsConflict && added.size() > 1) {
                throw new ConcurrentModificationException("update " + added.get(0).id());
            }
            for (OfferedUpdate update : added) {
                if (stored.stream().anyMatch(u -> u.id().equals(update.id()))) {
                    throw new ConcurrentModificationException("update " + update.id());
                }
                writes++;
                stored.add(copy(update));
            }
        }

        @Override
        public void updateAll(List<OfferedUpdate> changed) {
            for (OfferedUpdate update : changed) {
                writes++;
                int index = -1;
                for (int i = 0; i < stored.size(); i++) {
                    if (stored.get(i).id().equals(update.id())) {
                        index = i;
                    }
                }
                if (index < 0 || stored.get(index).revision() != update.revision()) {
                    throw new ConcurrentModificationException("update " + update.id());
                }
                stored.set(index, copy(update, update.revision() + 1));
            }
        }

        private static OfferedUpdate copy(OfferedUpdate u) {
            return copy(u, u.revision());
        }

        private static OfferedUpdate copy(OfferedUpdate u, long revision) {
            return OfferedUpdate.reconstitute(u.id(), u.projectId(), u.deviceId(), u.kind(), u.bundleId().orElse(null),
                    u.items(), u.fingerprint(), u.pinned(), u.offeredAt(), u.state(), u.message().orElse(null),
                    u.updatedAt(), revision);
        }
    }

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Bundles bundles = new Fakes.Bundles();
    private final OfferedUpdates updates = new OfferedUpdates();
    private Instant now = NOW;
    private final DeviceCheckInService service = new DeviceCheckInService(transactions, projects, devices, bundles,
            types, images, updates, new Fakes.Audit(transactions), () -> now, Duration.ofSeconds(300),
            new CheckInCatalog(transactions, projects, bundles, types, images, () -> now, Duration.ZERO,
                    new Fakes.Epoch()),
            DeviceStates.disabled(() -> now), 1);
    /** The catalogue epoch every instance on the database shares. */
    private final Fakes.Epoch catalogEpoch = new Fakes.Epoch();
    private final CheckInCatalog catalog = new CheckInCatalog(transactions, projects, bundles, types, images,
            () -> now, Duration.ofSeconds(5), catalogEpoch);
    private final DeviceStates states = new DeviceStates(() -> now, Duration.ofSeconds(5), Duration.ZERO, transactions,
            new Fakes.StateEpochs());
    private final DeviceCheckInService cached = new DeviceCheckInService(transactions, projects, devices, bundles,
            types, images, updates, new Fakes.Audit(transactions), () -> now, Duration.ofSeconds(300), catalog, states, 1);
    private FirmwareType main;
    private Device device;
    private int minute;

    @BeforeEach
    void aProjectWithADeviceThatRunsMain100() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
        main = FirmwareType.create(ProjectId.DEFAULT, MAIN, VersionScheme.SEMANTIC, NOW);
        types.add(main);
        device = Device.register(DeviceId.of("dev-1"), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                SecretHash.of("key"), NOW);
        device.reportVersions(runs("1.0.0"), NOW);
        devices.byId.put(device.id(), device);
        release("1.0.0");
    }

    private static InstalledVersions runs(String version) {
        return InstalledVersions.NONE.with(MAIN, FirmwareVersion.of(version));
    }

    private FirmwareImage release(String version) {
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of(version),
                NOW.plusSeconds(60L * ++minute));
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("k" + minute), "main.bin", 10,
                Digest.sha1("a".repeat(40)), Digest.sha256(String.format("%064d", minute))));
        images.byId.put(image.id(), image);
        return image;
    }

    private Optional<DeviceCheckInUseCase.Offer> checkIn() {
        now = now.plusSeconds(1);
        return service.checkIn(device, Stated.NOTHING, Actor.device("dev-1"));
    }

    private OfferedUpdate report(UUID id, UpdateState state) {
        now = now.plusSeconds(1);
        return service.report(device, id, new DeviceCheckInUseCase.StatusReport(state, Optional.empty(), Stated.NOTHING),
                Actor.device("dev-1"));
    }

    /**
     * Releases 1.1.0 and has the remembering instance look it up, for a device that says it runs
     * it: the catalogue remembers 1.1.0, and nothing is offered yet.
     */
    private void releaseRememberedButNotOffered() {
        release("1.1.0");
        Stated runs110 = new Stated(Optional.of(runs("1.1.0")), Optional.empty());
        assertEquals(Optional.empty(), cached.checkIn(device, runs110, Actor.device("dev-1")), "remembers the catalogue");
    }

    private Optional<DeviceCheckInUseCase.Offer> cachedCheckIn() {
        return cached.checkIn(device, Stated.NOTHING, Actor.device("dev-1"));
    }

    /** The device as a credential lookup reads it: another instance of the stored row, at {@code revision}. */
    private Device readWithItsKey(long revision) {
        return Device.reconstitute(device.id(), device.projectId(), device.deviceClass(),
                device.channelOverride().orElse(null), device.apiKeyHash(), device.installedBundle().orElse(null),
                device.installedVersions(), device.pin().orElse(null), device.lastSeen().orElse(null),
                device.createdAt(), revision);
    }

    private Device rememberedDevice() {
        return states.get(ProjectId.DEFAULT, device.id(), () -> {
            throw new AssertionError("the check-in remembered the device's state");
        }).device();
    }

    @Test
    void theRememberedStateHoldsTheCallerItself_whenTheStoredRowIsTheSameRevision() {
        Device caller = readWithItsKey(device.revision());
        assertTrue(cached.checkIn(caller, Stated.NOTHING, Actor.device("dev-1")).isEmpty(), "nothing newer");
        assertSame(caller, rememberedDevice(), "one instance per device, not one per cache");
    }

    @Test
    void theStateRememberedWhenAnOfferIsRecordedHoldsTheCallerOfTheSameRevisionToo() {
        release("1.1.0");
        Device caller = readWithItsKey(device.revision());
        cached.checkIn(caller, Stated.NOTHING, Actor.device("dev-1")).orElseThrow();
        assertEquals(1, updates.writes, "the offer was recorded");
        assertSame(caller, rememberedDevice());
    }

    @Test
    void theRememberedStateHoldsTheStoredRow_whenTheCallerWasReadBeforeAChange() {
        release("1.1.0");
        Device stale = readWithItsKey(device.revision());
        Device changed = readWithItsKey(device.revision() + 1);
        devices.byId.put(device.id(), changed);
        cached.checkIn(stale, Stated.NOTHING, Actor.device("dev-1")).orElseThrow();
        assertSame(changed, rememberedDevice(), "the stored row, not the caller read before it changed");
    }

    @Test
    void aRepeatedCheckInWithNoChangeOpensNoTransaction() {
        release("1.1.0");
        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();
        assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id());
        int transactionsBefore = transactions.count.get();
        for (int i = 0; i < 3; i++) {
            assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id());
        }
        assertEquals(transactionsBefore, transactions.count.get());
        assertEquals(1, updates.writes);
    }

    @Test
    void aRepeatCheckInOnWhatIsRememberedAnswersTheDecisionMadeBefore_untilTheStateTheStatementOrTheCatalogueChange() {
        release("1.1.0");
        cachedCheckIn();
        DeviceCheckInUseCase.Offer decided = cachedCheckIn().orElseThrow();
        assertSame(decided, cachedCheckIn().orElseThrow(), "no policy ran: the remembered answer itself");
        Stated runs100 = new Stated(Optional.of(runs("1.0.0")), Optional.empty());
        DeviceCheckInUseCase.Offer stated = cached.checkIn(device, runs100, Actor.device("dev-1")).orElseThrow();
        assertNotSame(decided, stated, "another statement is decided anew");
        assertEquals(decided.update().id(), stated.update().id());
        FirmwareImage newer = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of("1.2.0"),
                NOW.plusSeconds(7200));
        newer.attachBinary(new Artifact.StoredBinary(BinaryKey.of("newer"), "main.bin", 10,
                Digest.sha1("a".repeat(40)), Digest.sha256("c".repeat(64))));
        CatalogChangesSeen.images(images, catalog::changed).add(newer);
        assertEquals(List.of(newer.id()), cachedCheckIn().orElseThrow().images().stream().map(FirmwareImage::id)
                .toList(), "a catalogue change is decided anew");
    }

    @Test
    void aReleaseOnAnotherInstanceIsSeenWithinTheBound() {
        assertEquals(Optional.empty(), cachedCheckIn());
        release("1.1.0");
        catalogEpoch.advance();
        now = now.plusSeconds(4);
        assertEquals(Optional.empty(), cachedCheckIn(), "a release is seen within the bound, not at once");
        now = now.plusSeconds(1);
        assertTrue(cachedCheckIn().isPresent());
    }

    private static final Duration INSTANCE_BOUND = Duration.ofSeconds(5);

    /** Another instance on the same database: its own caches, the shared epochs. */
    private DeviceCheckInService instance(Fakes.StateEpochs stateEpochs) {
        return instance(stateEpochs, new CheckInCatalog(transactions, projects, bundles, types, images, () -> now,
                INSTANCE_BOUND, catalogEpoch));
    }

    /** Another instance whose catalogue the test holds. */
    private DeviceCheckInService instance(Fakes.StateEpochs stateEpochs, CheckInCatalog itsCatalog) {
        return new DeviceCheckInService(transactions, projects, devices, bundles, types, images, updates,
                new Fakes.Audit(transactions), () -> now, Duration.ofSeconds(300), itsCatalog,
                new DeviceStates(() -> now, Duration.ofSeconds(300), INSTANCE_BOUND, transactions, stateEpochs), 1);
    }

    @Test
    void anOfferSupersededOnOneInstanceIsNotAnsweredAgainByAnotherThatRememberedItOpen() {
        Fakes.StateEpochs stateEpochs = new Fakes.StateEpochs();
        DeviceCheckInService first = instance(stateEpochs);
        DeviceCheckInService second = instance(stateEpochs);
        release("1.1.0");
        OfferedUpdate offered = second.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update();
        now = now.plusSeconds(5);
        // Past the second instance's own advance for that offer: from here only the first's can make it forget.
        assertEquals(offered.id(),
                second.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update().id());
        FirmwareImage withdrawnLater = release("1.2.0");
        catalogEpoch.advance();
        now = now.plusSeconds(5);
        OfferedUpdate newer = first.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update();
        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, offered.id()).orElseThrow().state());

        images.byId.remove(withdrawnLater.id());
        catalogEpoch.advance();
        now = now.plusSeconds(5);
        OfferedUpdate answered = second.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update();

        assertNotEquals(offered.id(), answered.id(), "not the superseded offer the second instance remembered");
        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, newer.id()).orElseThrow().state());
        assertEquals(UpdateState.DOWNLOADING, second.report(device, answered.id(), new DeviceCheckInUseCase.StatusReport(
                UpdateState.DOWNLOADING, Optional.empty(), Stated.NOTHING), Actor.device("dev-1")).state(),
                "the device can report on what it was answered");
    }

    @Test
    void recordingAnOfferOrASupersessionMovesTheDevicesBucketOfTheSharedEpochs() {
        Fakes.StateEpochs stateEpochs = new Fakes.StateEpochs();
        DeviceCheckInService instance = instance(stateEpochs);
        int bucket = DeviceStates.bucketOf(device.id());
        FirmwareImage release = release("1.1.0");
        instance.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow();
        assertEquals(1, stateEpochs.values[bucket], "the offer");
        instance.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow();
        assertEquals(1, stateEpochs.values[bucket], "a repeat check-in records nothing");
        images.byId.remove(release.id());
        catalogEpoch.advance();
        now = now.plusSeconds(5);
        assertEquals(Optional.empty(), instance.checkIn(device, Stated.NOTHING, Actor.device("dev-1")));
        assertEquals(2, stateEpochs.values[bucket], "the supersession");
        assertEquals(2, Arrays.stream(stateEpochs.values).sum(), "no other bucket");
    }

    @Test
    void anOfferRecordedHere_staysRememberedPastTheBound_forItsOwnAdvanceMakesNoInstanceForgetHere() {
        Fakes.StateEpochs stateEpochs = new Fakes.StateEpochs();
        DeviceCheckInService instance = instance(stateEpochs);
        release("1.1.0");
        OfferedUpdate offered = instance.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update();
        assertEquals(1, stateEpochs.values[DeviceStates.bucketOf(device.id())], "the offer told every instance");
        int stateReads = updates.latestReads;

        now = now.plus(INSTANCE_BOUND);
        assertEquals(offered.id(),
                instance.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update().id());

        assertEquals(stateReads, updates.latestReads, "the state it committed is not read again");
    }

    /**
     * The second instance's remembered state is older than the offer the first recorded; its
     * recording transaction finds that offer standing and writes nothing, so it tells nobody.
     */
    @Test
    void aRecordingCheckInThatFindsTheOfferAlreadyStanding_writesNothingAndMovesNoBucket() {
        Fakes.StateEpochs stateEpochs = new Fakes.StateEpochs();
        CheckInCatalog secondCatalog = new CheckInCatalog(transactions, projects, bundles, types, images, () -> now,
                INSTANCE_BOUND, catalogEpoch);
        DeviceCheckInService second = instance(stateEpochs, secondCatalog);
        int bucket = DeviceStates.bucketOf(device.id());
        assertEquals(Optional.empty(), second.checkIn(device, Stated.NOTHING, Actor.device("dev-1")));
        release("1.1.0");
        OfferedUpdate offered = instance(stateEpochs).checkIn(device, Stated.NOTHING, Actor.device("dev-1"))
                .orElseThrow().update();
        assertEquals(1, stateEpochs.values[bucket]);
        int writes = updates.writes;

        secondCatalog.changed(); // the second sees the release before its epoch read shows it the offer
        now = now.plusSeconds(1);
        assertEquals(offered.id(),
                second.checkIn(device, Stated.NOTHING, Actor.device("dev-1")).orElseThrow().update().id());

        assertEquals(writes, updates.writes, "nothing recorded");
        assertEquals(1, stateEpochs.values[bucket], "nothing announced");
    }

    @Test
    void aRecordingCheckInOnACurrentCatalogue_decidesFromWhatItRemembersWithoutReadingItAgain() {
        releaseRememberedButNotOffered();
        int lists = types.lists;

        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();

        assertEquals(1, updates.writes, "the offer was recorded");
        assertEquals(lists, types.lists, "from the remembered catalogue: the epoch had not moved");
        assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id());
    }

    @Test
    void aCheckInOfADeviceNotRememberedThatRecordsAnOffer_readsItInTheRecordingTransactionAlone() {
        releaseRememberedButNotOffered();
        states.forget(ProjectId.DEFAULT, device.id()); // as when another device's offer moved its bucket
        int transactionsBefore = transactions.count.get();

        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();

        assertEquals(transactionsBefore + 1, transactions.count.get(), "one transaction: read, decide, record");
        assertEquals(1, updates.writes);
        assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id(), "remembered as recorded");
        assertEquals(transactionsBefore + 1, transactions.count.get());
    }

    @Test
    void aCheckInOfADeviceNotRememberedThatWritesNothing_runsOneTransactionAndReadsNoCatalogueEpoch() {
        assertEquals(Optional.empty(), cachedCheckIn(), "remembers the catalogue: 1.0.0, which the device runs");
        states.forget(ProjectId.DEFAULT, device.id());
        int transactionsBefore = transactions.count.get();
        int epochReads = catalogEpoch.reads;

        assertEquals(Optional.empty(), cachedCheckIn());

        assertEquals(transactionsBefore + 1, transactions.count.get());
        assertEquals(epochReads, catalogEpoch.reads, "a decision that writes nothing is answered from memory");
        assertEquals(0, updates.writes);
    }

    @Test
    void withNothingRemembered_aCheckInRunsOneTransaction() {
        int transactionsBefore = transactions.count.get();

        assertEquals(Optional.empty(), checkIn());

        assertEquals(transactionsBefore + 1, transactions.count.get(), "the catalogue read in the recording one");
    }

    /** Another device of the project, running {@code version}. */
    private Device anotherDevice(String id, String version) {
        Device other = Device.register(DeviceId.of(id), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                SecretHash.of("key-" + id), NOW);
        other.reportVersions(runs(version), NOW);
        devices.byId.put(other.id(), other);
        return other;
    }

    private static DeviceCheckInService.Recording recording(Device caller) {
        return new DeviceCheckInService.Recording(caller, Stated.NOTHING);
    }

    private List<OfferedUpdate> offersTo(Device caller) {
        return updates.history(ProjectId.DEFAULT, caller.id(), 0, 10);
    }

    @Test
    void checkInsRecordedTogether_shareOneTransaction_eachDecidedOnItsOwnDevice() {
        release("1.1.0");
        OfferedUpdate open = checkIn().orElseThrow().update();
        release("1.2.0");
        Device behind = anotherDevice("dev-2", "1.0.0");
        Device current = anotherDevice("dev-3", "1.2.0");
        int transactionsBefore = transactions.count.get();
        now = now.plusSeconds(1);

        List<GroupCommit.Result<DeviceCheckInService.Recorded>> recorded =
                service.recordAll(List.of(recording(device), recording(behind), recording(current)));

        assertEquals(transactionsBefore + 1, transactions.count.get(), "one transaction for the three");
        OfferedUpdate toFirst = recorded.get(0).get().offer().orElseThrow().update();
        assertEquals(List.of(toFirst.id(), open.id()), offersTo(device).stream().map(OfferedUpdate::id).toList());
        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, open.id()).orElseThrow().state());
        OfferedUpdate toSecond = recorded.get(1).get().offer().orElseThrow().update();
        assertEquals(behind.id(), toSecond.deviceId());
        assertEquals(List.of(toSecond.id()), offersTo(behind).stream().map(OfferedUpdate::id).toList());
        assertEquals(Optional.empty(), recorded.get(2).get().offer(), "dev-3 runs the latest");
        assertEquals(List.of(), offersTo(current));
        assertEquals(List.of(true, true, false), recorded.stream().map(result -> result.get().wrote()).toList());
    }

    @Test
    void aDeviceDeletedBeforeItsCheckInIsRecorded_failsItsOwnCheckInOnly() {
        release("1.1.0");
        Device deleted = anotherDevice("dev-2", "1.0.0");
        devices.byId.remove(deleted.id());
        int transactionsBefore = transactions.count.get();

        List<GroupCommit.Result<DeviceCheckInService.Recorded>> recorded =
                service.recordAll(List.of(recording(deleted), recording(device)));

        assertEquals(transactionsBefore + 1, transactions.count.get());
        assertThrows(NotFoundException.class, recorded.get(0)::get);
        assertEquals(List.of(), offersTo(deleted));
        assertEquals(recorded.get(1).get().offer().orElseThrow().update().id(), offersTo(device).get(0).id());
    }

    @Test
    void checkInsWhoseJointRecordingConflicts_areEachRecordedOnTheirOwn() {
        release("1.1.0");
        Device other = anotherDevice("dev-2", "1.0.0");
        updates.severalAddsConflict = true;
        int transactionsBefore = transactions.count.get();

        List<GroupCommit.Result<DeviceCheckInService.Recorded>> recorded =
                service.recordAll(List.of(recording(device), recording(other)));

        assertEquals(transactionsBefore + 3, transactions.count.get(), "the joint one, then one each");
        assertEquals(List.of(recorded.get(0).get().offer().orElseThrow().update().id()),
                offersTo(device).stream().map(OfferedUpdate::id).toList());
        assertEquals(List.of(recorded.get(1).get().offer().orElseThrow().update().id()),
                offersTo(other).stream().map(OfferedUpdate::id).toList());
        assertEquals(2, updates.writes, "each offer written once");
    }

    @Test
    void aDatabaseOutOfReach_failsCheckInsRecordedTogetherAtOnce_withoutTryingEachAgain() {
        release("1.1.0");
        Device other = anotherDevice("dev-2", "1.0.0");
        updates.failingReads = new ServiceUnavailableException("the database", null);
        int transactionsBefore = transactions.count.get();

        assertSame(updates.failingReads, assertThrows(ServiceUnavailableException.class,
                () -> service.recordAll(List.of(recording(device), recording(other)))));

        assertEquals(transactionsBefore + 1, transactions.count.get());
        assertEquals(0, updates.writes);
    }

    @Test
    void aFirstCheckInOnAFreshInstanceThatRecordsAnOffer_decidesFromTheCatalogueItLookedUpBeforeRecording() {
        release("1.1.0");
        int lists = types.lists;

        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();

        assertEquals(lists, types.lists, "not read afresh inside the recording transaction");
        assertEquals(1, updates.writes);
        assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id());
    }

    /**
     * The device's row, read afresh in the recording transaction, names a class whose offers are
     * not remembered: looking them up there would remember what that transaction's session holds,
     * so the recording reads the catalogue afresh instead.
     */
    @Test
    void aRecordingCheckInWhoseDecisionWouldLookSomethingUp_readsTheCatalogueAfreshInstead() {
        releaseRememberedButNotOffered();
        devices.byId.put(device.id(), Device.reconstitute(device.id(), device.projectId(), DeviceClass.of("lamp"),
                null, device.apiKeyHash(), null, device.installedVersions(), null, null, device.createdAt(),
                device.revision() + 1)); // changed on another instance; the remembered state still says "light"
        int lists = types.lists;

        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();

        assertEquals(1, updates.writes, "the offer was recorded");
        assertEquals(lists + 1, types.lists, "read afresh: the lamp's offers were not remembered");
        assertEquals(List.of(offered.id()), updates.history(ProjectId.DEFAULT, device.id(), 0, 5).stream()
                .map(OfferedUpdate::id).toList());
    }

    @Test
    void aRecordingCheckInOnACatalogueAnotherInstanceChanged_readsItAfresh() {
        assertRecordedFromTheCatalogueAnotherInstanceChanged(false);
    }

    @Test
    void aCheckInOfADeviceNotRemembered_onACatalogueAnotherInstanceChanged_recordsFromItAfresh() {
        assertRecordedFromTheCatalogueAnotherInstanceChanged(true);
    }

    private void assertRecordedFromTheCatalogueAnotherInstanceChanged(boolean deviceForgotten) {
        assertEquals(Optional.empty(), cachedCheckIn(), "remembers the catalogue: 1.0.0 only");
        FirmwareImage elsewhere = release("1.1.0");
        catalogEpoch.advance(); // released on another instance; this one has not read the epoch since
        if (deviceForgotten) {
            states.forget(ProjectId.DEFAULT, device.id());
        }
        Stated runs090 = new Stated(Optional.of(runs("0.9.0")), Optional.empty());

        DeviceCheckInUseCase.Offer offered = cached.checkIn(device, runs090, Actor.device("dev-1")).orElseThrow();

        assertEquals(List.of(elsewhere.id()), offered.images().stream().map(FirmwareImage::id).toList(),
                "recorded from the catalogue as the database holds it, not as remembered");
    }

    /** {@code service} remembers nothing, so it records every offer from the repositories read afresh. */
    @Test
    void aBundleOfTheDevicesClassOnItsChannelIsOffered_whenTheCatalogueIsReadAfresh() {
        FirmwareImage image = release("1.1.0");
        Bundle bundle = bundle("fleet-1", Channel.STABLE, image);
        bundle("beta-1", Channel.of("beta"), release("1.2.0"));

        DeviceCheckInUseCase.Offer offered = checkIn().orElseThrow();

        assertEquals(Optional.of(bundle.id()), offered.update().bundleId());
        assertEquals(List.of(image.id()), offered.images().stream().map(FirmwareImage::id).toList());
    }

    @Test
    void aPinnedBundleOnAnotherChannelIsOffered_evenAsADowngrade_whenTheCatalogueIsReadAfresh() {
        FirmwareImage older = release("0.9.0");
        Bundle pinned = bundle("beta-0", Channel.of("beta"), older);
        device.pin(new UpdatePin.PinnedBundle(pinned.id()));

        DeviceCheckInUseCase.Offer offered = checkIn().orElseThrow();

        assertEquals(Optional.of(pinned.id()), offered.update().bundleId());
        assertTrue(offered.update().pinned(), "decided by the pin");
        assertEquals(List.of(older.id()), offered.images().stream().map(FirmwareImage::id).toList());
    }

    private Bundle bundle(String id, Channel channel, FirmwareImage image) {
        Bundle bundle = Bundle.create(BundleId.of(id), ProjectId.DEFAULT, id, "", device.deviceClass(), channel,
                List.of(new BundleComponent(image.id(), image.typeName())), NOW.plusSeconds(60L * ++minute));
        bundles.byId.put(bundle.id(), bundle);
        return bundle;
    }

    @Test
    void aReleaseWrittenThroughTheObservedRepositoryIsSeenAtOnce() {
        assertEquals(Optional.empty(), cachedCheckIn());
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of("1.1.0"),
                NOW.plusSeconds(3600));
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("observed"), "main.bin", 10,
                Digest.sha1("a".repeat(40)), Digest.sha256("b".repeat(64))));
        CatalogChangesSeen.images(images, catalog::changed).add(image);
        assertEquals(List.of(image.id()), cachedCheckIn().orElseThrow().images().stream().map(FirmwareImage::id)
                .toList());
    }

    @Test
    void theDevicesOwnStatusReportIsSeenByItsNextCheckInAtOnce() {
        release("1.1.0");
        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();
        assertEquals(UpdateState.ASSIGNED, cachedCheckIn().orElseThrow().update().state());
        cached.report(device, offered.id(), new DeviceCheckInUseCase.StatusReport(UpdateState.DOWNLOADING,
                Optional.empty(), Stated.NOTHING), Actor.device("dev-1"));
        assertEquals(UpdateState.DOWNLOADING, cachedCheckIn().orElseThrow().update().state());
        cached.report(device, offered.id(), new DeviceCheckInUseCase.StatusReport(UpdateState.SUCCEEDED,
                Optional.empty(), Stated.NOTHING), Actor.device("dev-1"));
        assertEquals(Optional.empty(), cachedCheckIn());
    }

    @Test
    void theSuggestedPollDelayIsTheIntervalSpreadByATenthEitherWay() {
        for (int i = 0; i < 200; i++) {
            long seconds = service.suggestedPollDelay().toSeconds();
            assertTrue(seconds >= 270 && seconds <= 330, "delay " + seconds);
        }
    }

    @Test
    void aDeviceOnTheLatestReleaseGetsNothingAndNothingIsWritten() {
        assertEquals(Optional.empty(), checkIn());
        assertEquals(0, updates.writes);
    }

    @Test
    void theSameContentIsOfferedAsTheSameUpdateWithoutWritingAgain() {
        FirmwareImage latest = release("1.1.0");
        OfferedUpdate first = checkIn().orElseThrow().update();
        assertEquals(List.of(latest.id()), checkIn().orElseThrow().images().stream().map(FirmwareImage::id).toList());
        assertEquals(first.id(), checkIn().orElseThrow().update().id());
        assertEquals(1, updates.writes);
    }

    @Test
    void aNewReleaseSupersedesAnUnfinishedUpdate() {
        release("1.1.0");
        OfferedUpdate first = checkIn().orElseThrow().update();
        report(first.id(), UpdateState.DOWNLOADING);
        release("1.2.0");
        OfferedUpdate second = checkIn().orElseThrow().update();
        assertNotEquals(first.id(), second.id());
        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, first.id()).orElseThrow().state());
        assertThrows(IllegalTransitionException.class, () -> report(first.id(), UpdateState.INSTALLING));
    }

    @Test
    void anUnfinishedUpdateIsSupersededWhenTheDeviceStatesAVersionPastIt() {
        release("1.1.0");
        OfferedUpdate offered = checkIn().orElseThrow().update();
        report(offered.id(), UpdateState.DOWNLOADING);
        release("1.2.0");
        now = now.plusSeconds(1);

        assertEquals(Optional.empty(), service.checkIn(device,
                new Stated(Optional.of(runs("1.2.0")), Optional.empty()), Actor.device("dev-1")));

        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, offered.id()).orElseThrow().state());
        assertEquals(1, updates.history(ProjectId.DEFAULT, device.id(), 0, 10).size(), "nothing new was offered");
    }

    @Test
    void anUnfinishedUpdateIsSupersededWhenItsImageIsWithdrawnEvenFromMemory() {
        FirmwareImage withdrawn = release("1.1.0");
        OfferedUpdate offered = cachedCheckIn().orElseThrow().update();
        assertEquals(offered.id(), cachedCheckIn().orElseThrow().update().id(), "remembered while it stands");
        images.byId.remove(withdrawn.id());
        catalog.changed();

        assertEquals(Optional.empty(), cachedCheckIn());

        assertEquals(UpdateState.SUPERSEDED, updates.find(ProjectId.DEFAULT, offered.id()).orElseThrow().state());
        assertEquals(Optional.empty(), cachedCheckIn(), "and nothing is offered afterwards");
    }

    @Test
    void aFinishedUpdateStaysAsItIsWhenNothingIsToBeInstalled() {
        FirmwareImage withdrawn = release("1.1.0");
        OfferedUpdate offered = checkIn().orElseThrow().update();
        report(offered.id(), UpdateState.FAILED);
        images.byId.remove(withdrawn.id());

        assertEquals(Optional.empty(), checkIn());

        assertEquals(UpdateState.FAILED, updates.find(ProjectId.DEFAULT, offered.id()).orElseThrow().state());
    }

    @Test
    void aSucceededUpdateRecordsWhatTheDeviceRunsAndTheNextCheckInHasNothing() {
        release("1.1.0");
        OfferedUpdate offered = checkIn().orElseThrow().update();
        report(offered.id(), UpdateState.INSTALLING);
        report(offered.id(), UpdateState.SUCCEEDED);
        assertEquals(Optional.of(FirmwareVersion.of("1.1.0")), devices.byId.get(device.id()).installedVersions().of(MAIN));
        assertEquals(Optional.empty(), checkIn());
    }

    @Test
    void aFailedUpdateIsOfferedAgainAsANewUpdate() {
        release("1.1.0");
        OfferedUpdate failed = checkIn().orElseThrow().update();
        report(failed.id(), UpdateState.FAILED);
        OfferedUpdate retry = checkIn().orElseThrow().update();
        assertNotEquals(failed.id(), retry.id());
        assertEquals(UpdateState.ASSIGNED, retry.state());
    }

    @Test
    void statedVersionsWinOverStoredOnes() {
        release("1.1.0");
        assertEquals(Optional.empty(), service.checkIn(device, new Stated(Optional.of(runs("1.1.0")), Optional.empty()),
                Actor.device("dev-1")));
    }

    @Test
    void aDeviceCanReportOnlyOnItsOwnUpdates() {
        release("1.1.0");
        OfferedUpdate offered = checkIn().orElseThrow().update();
        Device other = Device.register(DeviceId.of("dev-2"), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                SecretHash.of("key-2"), NOW);
        devices.byId.put(other.id(), other);
        NotFoundException missing = assertThrows(NotFoundException.class, () -> service.report(other, offered.id(),
                new DeviceCheckInUseCase.StatusReport(UpdateState.SUCCEEDED, Optional.empty(), Stated.NOTHING),
                Actor.device("dev-2")));
        assertEquals(NotFoundException.Subject.DEVICE_UPDATE, missing.subject());
        assertThrows(NotFoundException.class, () -> report(UUID.randomUUID(), UpdateState.SUCCEEDED));
    }

    @Test
    void operatorsSeeTheHistoryMostRecentFirstInPages() {
        release("1.1.0");
        OfferedUpdate first = checkIn().orElseThrow().update();
        report(first.id(), UpdateState.FAILED);
        OfferedUpdate second = checkIn().orElseThrow().update();
        var page = service.history(ProjectId.DEFAULT, device.id(), new PageRequest(0, 1));
        assertEquals(2, page.total());
        assertEquals(List.of(second.id()), page.updates().stream().map(OfferedUpdate::id).toList());
        assertEquals(Optional.of(second.id()), service.current(ProjectId.DEFAULT, device.id()).map(OfferedUpdate::id));
        assertThrows(NotFoundException.class, () -> service.history(ProjectId.DEFAULT, DeviceId.of("nope"),
                new PageRequest(0, 1)));
        assertTrue(service.history(ProjectId.DEFAULT, device.id(), new PageRequest(5, 1)).updates().isEmpty());
    }
}
