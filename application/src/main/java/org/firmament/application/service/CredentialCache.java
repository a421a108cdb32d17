package org.firmament.application.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.ChangeEpoch;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.access.Principal;
import org.firmament.domain.access.SecretHash;

/**
 * Who a stored credential (a project key, a device key) belongs to, remembered so that devices
 * polling do not cost a database read each, however seldom each one polls.
 *
 * <p>The bound is what operators rely on: a key revoked, rotated or deleted, or a device changed,
 * on this instance is forgotten here as soon as its transaction has ended, and the change
 * advances the shared {@link ChangeEpoch} in that transaction, just before it commits (the
 * services call {@link #announceChange} inside it), and each instance reads the
 * epoch at most every {@code bound} and forgets everything it remembers when the epoch moved. So a change stops
 * working on every instance within {@code bound}, at the cost of one tiny read per instance per
 * {@code bound}. Entries are also forgotten {@link #MAX_AGE} after they were looked up, so keys
 * nobody uses do not stay. Unknown keys are remembered too, so guessing costs no database reads;
 * a newly created key cannot be among them, because nobody could have presented it before. At
 * most {@code capacity} entries are kept.
 *
 * <p>A device key's entry also holds the device's {@link LastSeenRecorder} slot once the device was
 * noted through it, so that noting it again needs no lookup of its own.
 */
public final class CredentialCache {

    /** How long an entry lives at most, however quiet the epoch: longer than a fleet's poll interval. */
    public static final Duration MAX_AGE = Duration.ofMinutes(15);

    /** The before-commit action that moves {@code credential_epoch}, one per transaction. */
    static final String ADVANCE_EPOCH = "advance the credential epoch";

    private final Duration bound;
    private final TransactionBoundary transactions;
    private final ChangeEpoch epoch;
    private final ExpiringCache<SecretHash, Remembered> entries;
    private final ChangeEpochWatch epochWatch;

    /** With a {@code bound} of zero nothing is remembered: every credential is looked up. */
    public CredentialCache(Clock clock, Duration bound, int capacity, TransactionBoundary transactions,
                           ChangeEpoch epoch) {
        this.bound = Objects.requireNonNull(bound);
        this.transactions = Objects.requireNonNull(transactions);
        this.epoch = Objects.requireNonNull(epoch);
        this.entries = new ExpiringCache<>(clock, bound.isZero() ? Duration.ZERO : MAX_AGE, capacity);
        this.epochWatch = new ChangeEpochWatch(clock, bound, transactions, epoch, entries::forgetAll);
    }

    /** A cache that remembers nothing and tells nobody: every credential is looked up (tests of other services). */
    public static CredentialCache disabled(Clock clock) {
        ChangeEpoch none = new ChangeEpoch() {
            @Override
            public void advance() {
            }

            @Override
            public long read() {
                return 0;
            }
        };
        return new CredentialCache(clock, Duration.ZERO, 1, Supplier::get, none);
    }

    /** How long a change made on another instance may take to reach this one. */
    public Duration bound() {
        return bound;
    }

    /** A credential as remembered: whose it is (empty: nobody's), and its device's last-seen slot. */
    static final class Remembered {
        private final Optional<Principal> principal;
        /** Null until the device was noted through this entry (and for other principals). */
        private volatile LastSeenRecorder.Slot lastSeen;

        private Remembered(Optional<Principal> principal) {
            this.principal = Objects.requireNonNull(principal);
        }

        Optional<Principal> principal() {
            return principal;
        }

        /** Notes the device of this device key as seen now, through the slot held here when it still counts. */
        void seen(LastSeenRecorder recorder, Principal.DeviceKey device) {
            LastSeenRecorder.Slot held = lastSeen;
            LastSeenRecorder.Slot used = recorder.seen(device.device().id(), held);
            if (used != held) {
                lastSeen = used;
            }
        }
    }

    /** The remembered credential {@code secret}, or what {@code lookup} finds, remembered from now on. */
    Remembered rememberedOf(SecretHash secret, Supplier<Optional<Principal>> lookup) {
        epochWatch.checkIfDue();
        return entries.get(secret, () -> new Remembered(lookup.get()));
    }

    /**
     * Inside the transaction of a change of a credential or a device ({@code secret}: the key it
     * had): forgets it here once the transaction has ended, so a request that raced the commit keeps
     * nothing of it either, and tells every instance, by advancing the epoch as the transaction's
     * last write (once, however many changes it makes).
     */
    void announceChange(SecretHash secret) {
        transactions.beforeCommit(ADVANCE_EPOCH, epoch::advance);
        transactions.afterTransaction(() -> entries.forget(secret));
    }
}
