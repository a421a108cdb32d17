package org.firmament.adapters.rest.deviceapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The check-in's byte writer writes numbers and ids as Java's own text forms do. */
class JsonBytesTest {

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() {
        SplittableRandom random = new SplittableRandom(20261206);
        List<Long> values = new java.util.ArrayList<>(List.of(0L, -1L, 9L, 10L, -10L, 99L, 100L,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE));
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long value : values) {
            assertEquals("n=" + value, JsonBytes.forThisThread().ascii("n=").number(value).latin1());
        }
    }

    @Test
    void idsAreWrittenAsUuidToStringWritesThem() {
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 10_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            assertEquals(id.toString(), JsonBytes.forThisThread().uuid(id).latin1());
        }
    }

    @Test
    void theBufferGrowsPastItsFirstSizeAndStartsEmptyAtEachUse() {
        String longText = "0123456789".repeat(1000);
        JsonBytes json = JsonBytes.forThisThread().ascii(longText).ascii('!');
        assertEquals(longText + "!", json.latin1());
        assertEquals("", JsonBytes.forThisThread().latin1());
        byte[] encoded = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(encoded, JsonBytes.forThisThread().utf8(encoded).copy(0, encoded.length));
        assertEquals("W/\"x\"", JsonBytes.forThisThread().ascii("W/\"x\"").latin1());
    }
}
