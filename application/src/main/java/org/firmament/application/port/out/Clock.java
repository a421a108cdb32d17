package org.firmament.application.port.out;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Out-port: the current time, so that tests can fix it. */
@FunctionalInterface
public interface Clock {

    /** Now, to the microsecond: the precision every supported database keeps, so stored times read back equal. */
    Instant now();

    static Clock system() {
        return () -> Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
