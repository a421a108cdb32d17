package org.firmament.application.service;

import java.time.Duration;
import java.util.Objects;
import org.firmament.application.port.out.ChangeEpoch;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.TransactionBoundary;

/**
 * Use-case support: how a cache bounded by a {@link ChangeEpoch} learns of other instances'
 * changes. The epoch is read at most once per {@code bound} ({@link PeriodicCheck}), and
 * {@code forgetAll} runs when it moved since the last read, when it cannot be read (a failed read
 * is due again at once), and at the first read (nothing was known before it). With a bound of zero
 * the cache remembers nothing, so the epoch is never read.
 */
final class ChangeEpochWatch {

    private final boolean watching;
    private final PeriodicCheck check;
    private final TransactionBoundary transactions;
    private final ChangeEpoch epoch;
    private final Runnable forgetAll;
    /** The value last read, or null before a successful read and after a failed one. */
    private volatile Long known;

    ChangeEpochWatch(Clock clock, Duration bound, TransactionBoundary transactions, ChangeEpoch epoch,
                     Runnable forgetAll) {
        this.watching = !bound.isZero();
        this.check = new PeriodicCheck(clock, bound);
        this.transactions = Objects.requireNonNull(transactions);
        this.epoch = Objects.requireNonNull(epoch);
        this.forgetAll = Objects.requireNonNull(forgetAll);
    }

    /** {@link #known}: what {@code CheckInCatalog.currentGeneration} compares the epoch with. */
    Long known() {
        return known;
    }

    /** Reads the epoch if the bound has passed since the last successful read. */
    void checkIfDue() {
        if (!watching) {
            return;
        }
        check.runIfDue(() -> {
            long current;
            try {
                current = transactions.inTransaction(epoch::read);
            } catch (RuntimeException unreadable) {
                forgetAll.run();
                known = null;
                return false;
            }
            Long before = known;
            if (before == null || before != current) {
                forgetAll.run();
            }
            known = current;
            return true;
        });
    }
}
