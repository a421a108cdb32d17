package org.firmament.adapters.rest.deviceapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The check-in's instants are written as ISO_INSTANT writes them, for every instant. */
class IsoInstantsTest {

    private static String written(Instant instant) {
        JsonBytes out = JsonBytes.forThisThread().ascii("prefix:");
        IsoInstants.appendTo(out, instant);
        return out.latin1();
    }

    private static void assertAsIsoInstant(Instant instant) {
        assertEquals("prefix:" + DateTimeFormatter.ISO_INSTANT.format(instant), written(instant), instant::toString);
    }

    @Test
    void randomInstantsOfEveryPrecisionAreWrittenAsIsoInstantWritesThem() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertAsIsoInstant(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    @Test
    void theEdgesOfTheWrittenOutRangeAndBeyondItAreWrittenAsIsoInstantWritesThem() {
        for (Instant instant : List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(0, 999_999_999), Instant.ofEpochSecond(0, 10_000_000),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
                Instant.parse("2000-02-29T12:34:56.789Z"), Instant.parse("1900-03-01T00:00:00Z"),
                Instant.MIN, Instant.MAX)) {
            assertAsIsoInstant(instant);
        }
    }
}
