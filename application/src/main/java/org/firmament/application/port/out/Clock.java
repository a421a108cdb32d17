package org.firmament.application.port.out;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Out-port: the current time, so that tests can fix it. */
@FunctionalInterface
public interface Clock {

    /** Now, to the microsecond: the precision every supported database keeps, so stored times read back equal. */
    Instant now();

    /**
     * Now in milliseconds since the epoch, as {@link #now} tells it (rounded down; a clock beyond
     * what a long counts answers its end): for expiries (the caches', the epoch checks', the
     * download links') and devices' last-seen times, which every check-in reads or notes and
     * which need no finer time.
     */
    default long epochMillis() {
        Instant now = now();
        try {
            return now.toEpochMilli();
        } catch (ArithmeticException beyondMillis) {
            return now.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Clock system() {
        return new Clock() {
            @Override
            public Instant now() {
                return Instant.now().truncatedTo(ChronoUnit.MICROS);
            }

            // The same clock as Instant.now()'s, read without making two objects per reading.
            @Override
            public long epochMillis() {
                return System.currentTimeMillis();
            }
        };
    }
}
