package org.firmament.application.service;

import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceStateEpochs;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * What device polls remember per device, so that a fleet's repeat polls read nothing however
 * seldom each device polls: for the device API check-in, the device as stored and the update it was
 * offered last; for seed 003's poll, the version deployed to it last.
 *
 * <p>Entries live as long as a device's credential may be remembered ({@link CredentialCache#MAX_AGE}),
 * with the same kind of bound: every change of a device's check-in state is made through
 * {@link DeviceChangesSeen} or announced by the service that made it ({@link #changed}), which
 * forgets the device here at once and advances its bucket's counter of the shared
 * {@link DeviceStateEpochs} in the change's transaction, just before it commits, and forgets the
 * device here again once the transaction has ended, so a poll that raced the commit here keeps
 * nothing of the state before it. A check-in that records an offer or supersedes one advances the
 * counter too ({@link #announce}) and remembers the state it committed here ({@link #refresh}, or
 * {@link #get} for a device not remembered, whose lookup is the recording), over whatever a poll
 * that raced the commit stored or will store. Each instance reads the counters at most every
 * {@code bound} and forgets the devices of every bucket that moved, but not for its own advances:
 * once a change it made has committed, it notes the value its advance set, and takes it as known
 * once every value between the one it knew and that one was set here too ({@link #advancedHere}),
 * so that no other instance moved the bucket in between. So a release's recorded offers do not
 * make the instance that recorded them read every device again.
 * A failed read forgets everything. With a bound of zero no counter is read and entries live the
 * check-in cache's lifetime, as the catalogue's do.
 */
public final class DeviceStates {

    /** {@link DeviceStateEpochs#BUCKETS} is a power of two: the top this many bits of a mixed hash pick one. */
    private static final int BUCKET_BITS = Integer.numberOfTrailingZeros(DeviceStateEpochs.BUCKETS);

    /**
     * The before-commit action that moves the counters of the buckets a transaction changed, all
     * in one call ({@link #announce}); named so that it sorts after the catalogue's and the
     * credentials' epochs, in the order every transaction locks them.
     */
    static final String ADVANCE_EPOCHS = "advance the device state epochs";

    /** Devices remembered at most, of each kind; above a fleet's size, so a fleet's polls all hit. */
    private static final int CAPACITY = 250_000;
    /** A quarter more than an even share: buckets hold a fleet's devices unevenly. */
    private static final int BUCKET_CAPACITY = CAPACITY / DeviceStateEpochs.BUCKETS * 5 / 4;

    /**
     * What a device's check-in needs of it: the device as stored, the update it was offered last,
     * and the answer last decided from them, so that a repeat check-in runs no policy.
     */
    static final class State {
        private final Device device;
        private final Optional<OfferedUpdate> latest;
        private volatile Answer answer;

        State(Device device, Optional<OfferedUpdate> latest) {
            this.device = Objects.requireNonNull(device);
            this.latest = Objects.requireNonNull(latest);
        }

        Device device() {
            return device;
        }

        Optional<OfferedUpdate> latest() {
            return latest;
        }

        /** The answer last decided from this state, or null. */
        Answer answer() {
            return answer;
        }

        void remember(Answer decided) {
            answer = decided;
        }
    }

    /**
     * An answer decided from a state, what the device stated and the {@link CheckInCatalog#generation}
     * of the catalogue it was decided on: while the generation stays, so does every catalogue
     * entry a decision can depend on, so the same state and statement decide the same.
     */
    record Answer(DeviceCheckInUseCase.Stated stated, long catalogue, Optional<DeviceCheckInUseCase.Offer> answer) {
    }

    private record DeviceKey(ProjectId projectId, DeviceId deviceId) {

        /**
         * From the mixed id hash, whose top bits chose the bucket and whose low bits spread the
         * bucket's map: the plain record hash shares the id hash's low bits, and sequential ids
         * piled into a few bins.
         */
        @Override
        public int hashCode() {
            return mixed(deviceId) * 31 + projectId.hashCode();
        }
    }

    private final Duration bound;
    private final TransactionBoundary transactions;
    private final DeviceStateEpochs epochs;
    /** The device API's check-in states, one cache per bucket. */
    private final ExpiringCache<DeviceKey, State>[] checkInStates;
    /** Seed 003's polls name a device by its id alone; devices' ids are unique across projects. */
    private final ExpiringCache<DeviceId, Optional<FirmwareVersion>>[] deployedVersions;
    private final PeriodicCheck epochCheck;
    /**
     * The counters as this instance knows them: each as a read saw it, or past that by the values
     * changes made here set (noted once they committed). Meaningless until {@link #read} is set.
     * Guarded by {@link #knownLock}, as are the arrays below: a read's comparison and this
     * instance's notes of its own advances must not interleave.
     */
    private final long[] known = new long[DeviceStateEpochs.BUCKETS];
    /** The counters as the last read saw them: every value past one up to the known one was set here. */
    private final long[] lastRead = new long[DeviceStateEpochs.BUCKETS];
    /**
     * By bucket, the values past the known one that changes made here set and committed while the
     * value right after the known one was not yet known to be this instance's (its transaction's
     * commit and note came later): bit {@code i} stands for the known value plus {@code i + 1}.
     */
    private final long[] aheadHere = new long[DeviceStateEpochs.BUCKETS];
    /** Whether the counters were read, and the last read succeeded. */
    private boolean read;
    private final Object knownLock = new Object();
    /**
     * The buckets whose counters the transaction open on this thread is to move when it commits
     * ({@link #announce}); empty between transactions.
     */
    private final ThreadLocal<BitSet> toAdvance = ThreadLocal.withInitial(BitSet::new);

    /**
     * {@code checkInCache} (zero: nothing remembered) and {@code bound}, the credential cache's
     * (zero: no counter is read, entries live {@code checkInCache}).
     */
    @SuppressWarnings("unchecked")
    public DeviceStates(Clock clock, Duration checkInCache, Duration bound, TransactionBoundary transactions,
                        DeviceStateEpochs epochs) {
        this.bound = Objects.requireNonNull(bound);
        this.epochCheck = new PeriodicCheck(clock, bound);
        this.transactions = Objects.requireNonNull(transactions);
        this.epochs = Objects.requireNonNull(epochs);
        Duration lifetime = checkInCache.isZero() || bound.isZero() ? checkInCache : CredentialCache.MAX_AGE;
        this.checkInStates = new ExpiringCache[DeviceStateEpochs.BUCKETS];
        this.deployedVersions = new ExpiringCache[DeviceStateEpochs.BUCKETS];
        for (int i = 0; i < DeviceStateEpochs.BUCKETS; i++) {
            checkInStates[i] = new ExpiringCache<>(clock, lifetime, BUCKET_CAPACITY);
            deployedVersions[i] = new ExpiringCache<>(clock, lifetime, BUCKET_CAPACITY);
        }
    }

    /** Remembers nothing and tells nobody (tests of other services). */
    public static DeviceStates disabled(Clock clock) {
        DeviceStateEpochs none = new DeviceStateEpochs() {
            @Override
            public long[] advanceEach(int[] buckets) {
                return new long[buckets.length];
            }

            @Override
            public long[] read() {
                return new long[BUCKETS];
            }
        };
        return new DeviceStates(clock, Duration.ZERO, Duration.ZERO, Supplier::get, none);
    }

    /**
     * A device's bucket: the same on every instance (a {@code String} hash is specified), from the
     * top bits of the mixed hash, since ids like {@code device-000123} left a plain hash's low bits
     * clumped (54 to 779 of 100,000 such ids per bucket; mixed, 338 to 446).
     */
    static int bucketOf(DeviceId device) {
        return mixed(device) >>> (Integer.SIZE - BUCKET_BITS);
    }

    /** The id's {@code String} hash, mixed (MurmurHash3's finaliser) so every bit depends on every other. */
    private static int mixed(DeviceId device) {
        int h = device.value().hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    State get(ProjectId projectId, DeviceId deviceId, Supplier<ExpiringCache.Found<State>> lookup) {
        checkEpochs();
        return checkInStates[bucketOf(deviceId)].getCommitting(new DeviceKey(projectId, deviceId), lookup);
    }

    /**
     * The version deployed to the device last (empty: none yet), as {@code lookup} finds it,
     * remembered and forgotten as states are. A lookup that throws (no such device) is not
     * remembered: ids polled at random take no room from the fleet's.
     */
    Optional<FirmwareVersion> deployedVersion(DeviceId deviceId, Supplier<Optional<FirmwareVersion>> lookup) {
        checkEpochs();
        return deployedVersions[bucketOf(deviceId)].get(deviceId, lookup);
    }

    /**
     * The device's state as {@code lookup} (which records a change and answers the state it
     * committed) finds it, remembered unless something was forgotten meanwhile.
     */
    State refresh(ProjectId projectId, DeviceId deviceId, Supplier<State> lookup) {
        return checkInStates[bucketOf(deviceId)].refresh(new DeviceKey(projectId, deviceId), lookup);
    }

    /** Forgets the device here: this instance changed it. */
    void forget(ProjectId projectId, DeviceId deviceId) {
        int bucket = bucketOf(deviceId);
        checkInStates[bucket].forget(new DeviceKey(projectId, deviceId));
        deployedVersions[bucket].forget(deviceId);
    }

    /**
     * Inside the transaction of a change of the device's check-in state: forgets it here, now and
     * once the transaction has ended, and tells every instance, by advancing its bucket's counter as
     * the transaction's last write (once per bucket, all the transaction's buckets in one call, in
     * bucket order, after the catalogue and credential epochs), so that the shared rows are locked
     * only for the commit and two changes cannot deadlock on them.
     */
    void changed(ProjectId projectId, DeviceId deviceId) {
        forget(projectId, deviceId);
        announce(deviceId);
        transactions.afterTransaction(() -> forget(projectId, deviceId));
    }

    /**
     * Inside the transaction of a change of the device's check-in state that this instance
     * remembers once committed ({@link #refresh}, or {@link #get} whose lookup recorded it): tells
     * every instance, as {@link #changed} does, without forgetting the device here now. Once the
     * change has committed, this instance takes the bucket's new value as known
     * ({@link #advancedHere}), so that its next read of the counters does not forget the bucket for it.
     */
    void announce(DeviceId deviceId) {
        BitSet buckets = toAdvance.get();
        if (buckets.isEmpty()) {
            transactions.afterTransaction(buckets::clear);
        }
        buckets.set(bucketOf(deviceId));
        // Asked by every call, kept once by its name: buckets a failed call left behind still move
        // with the next transaction's (an advance too many only makes instances read them again).
        transactions.beforeCommit(ADVANCE_EPOCHS, () -> advanceTogether(buckets));
    }

    /**
     * Just before the commit of a transaction that changed devices of {@code buckets}: each of
     * their counters moved by one, in one call (a release's batch of recordings changes devices of
     * some 60 buckets), and noted here once the commit is certain.
     */
    private void advanceTogether(BitSet buckets) {
        int[] moved = buckets.stream().toArray();
        buckets.clear();
        long[] values = epochs.advanceEach(moved);
        transactions.afterCommit(() -> {
            for (int i = 0; i < moved.length; i++) {
                advancedHere(moved[i], values[i]);
            }
        });
    }

    /**
     * A change made here advanced {@code bucket}'s counter to {@code value} and committed: known
     * from now on once every value between the known one and it was set here too, since then no
     * other instance moved the bucket in between (every advance adds one). Changes of one bucket
     * commit one after the other, but their notes may come in either order, so a value noted
     * early waits for the ones before it. A read that sees a value not set here forgets the bucket,
     * as for any other move; one that sees an earlier value set here is older than the notes, and
     * keeps it ({@link #compare}).
     */
    void advancedHere(int bucket, long value) {
        synchronized (knownLock) {
            if (!read) {
                return;
            }
            long ahead = value - known[bucket];
            if (ahead >= 1 && ahead <= Long.SIZE) {
                aheadHere[bucket] |= 1L << (ahead - 1);
                catchUp(bucket);
            }
        }
    }

    /** Takes the values set here right after the known one as known; holding {@link #knownLock}. */
    private void catchUp(int bucket) {
        while ((aheadHere[bucket] & 1) != 0) {
            known[bucket]++;
            aheadHere[bucket] >>>= 1;
        }
    }

    /** How many devices' check-in states are remembered now. */
    int size() {
        int size = 0;
        for (ExpiringCache<DeviceKey, State> bucket : checkInStates) {
            size += bucket.size();
        }
        return size;
    }

    private void forgetAll() {
        for (int i = 0; i < DeviceStateEpochs.BUCKETS; i++) {
            forgetBucket(i);
        }
    }

    private void forgetBucket(int bucket) {
        checkInStates[bucket].forgetAll();
        deployedVersions[bucket].forgetAll();
    }

    /**
     * A read saw {@code bucket}'s counter at {@code value} ({@code comparable}: with an earlier read
     * known); holding {@link #knownLock}. The bucket is kept when the value is the known one, or
     * one from the last read's up to the known one, all set here: the read is older than the notes
     * of changes made here since. Any other value is a move this instance did not make: the bucket
     * is forgotten and the value becomes the known one.
     */
    private void compare(int bucket, boolean comparable, long value) {
        if (comparable && value >= lastRead[bucket] && value <= known[bucket]) {
            lastRead[bucket] = value;
            return;
        }
        forgetBucket(bucket);
        // Of the values set here past the known one, those past the value read stay noted.
        long moved = comparable ? value - known[bucket] : 0;
        aheadHere[bucket] = moved > 0 && moved < Long.SIZE ? aheadHere[bucket] >>> moved : 0;
        known[bucket] = value;
        lastRead[bucket] = value;
        catchUp(bucket);
    }

    /**
     * Forgets the buckets whose epoch moved, or everything when they cannot be read; with no
     * bound, no counter is read.
     */
    private void checkEpochs() {
        if (bound.isZero()) {
            return;
        }
        epochCheck.runIfDue(() -> {
            long[] current;
            try {
                current = transactions.inTransaction(epochs::read);
            } catch (RuntimeException unreadable) {
                synchronized (knownLock) {
                    // Notes wait for the next read, whose comparison starts every bucket afresh.
                    forgetAll();
                    read = false;
                }
                return false;
            }
            synchronized (knownLock) {
                for (int i = 0; i < DeviceStateEpochs.BUCKETS; i++) {
                    compare(i, read && i < current.length, i < current.length ? current[i] : 0);
                }
                read = true;
            }
            return true;
        });
    }
}
