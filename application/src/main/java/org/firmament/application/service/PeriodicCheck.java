package org.firmament.application.service;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.out.Clock;

/**
 * Use-case support: the read of a change epoch that bounds a cache across instances, at most once
 * per period. One thread reads while the others go on with what they remember; a thread that may
 * not wait ({@link FromMemory}) leaves a due read to one that may. A read that fails is due again
 * at once.
 */
final class PeriodicCheck {

    private final Clock clock;
    private final long periodMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    /** When the check is due next, in {@link Clock#epochMillis}. */
    private volatile long next = Long.MIN_VALUE;

    PeriodicCheck(Clock clock, Duration period) {
        this.clock = Objects.requireNonNull(clock);
        if (period.isNegative()) {
            throw new IllegalArgumentException("the period must not be negative: " + period);
        }
        this.periodMillis = ExpiringCache.millisOf(period);
    }

    /** Runs {@code check} when the period has passed since its last success; it answers whether it succeeded. */
    void runIfDue(BooleanSupplier check) {
        long now = clock.epochMillis();
        if (now < next) {
            return;
        }
        FromMemory.mayWait();
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (check.getAsBoolean()) {
                next = ExpiringCache.plusSaturated(now, periodMillis);
            }
        } finally {
            running.set(false);
        }
    }
}
