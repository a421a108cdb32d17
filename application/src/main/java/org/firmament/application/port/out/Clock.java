package org.firmament.application.port.out;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Out-port: the current time, so that tests can fix it. */
@FunctionalInterface
public interface Clock {

    /** Now, to the microsecond: the precision every supported database keeps, so stored times read back equal. */
    Instant now();

    /**
     * Now in milliseconds since the epoch, as {@link #now} tells it: for the caches' expiry checks,
     * which every check-in makes several of and which need no finer time than this.
     */
    default long epochMillis() {
        return now().toEpochMilli();
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
