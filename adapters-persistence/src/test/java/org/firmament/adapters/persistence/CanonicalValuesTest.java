package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.FirmwareVersion;
import org.junit.jupiter.api.Test;

class CanonicalValuesTest {

    @Test
    void equalColumnValuesGiveOneInstance() {
        // new String: rows read from the database carry their own copies.
        assertSame(CanonicalValues.version(new String("2.4.1")), CanonicalValues.version(new String("2.4.1")));
        assertSame(CanonicalValues.deviceClass(new String("smart_light")),
                CanonicalValues.deviceClass(new String("smart_light")));
        UUID image = UUID.randomUUID();
        assertSame(CanonicalValues.image(image), CanonicalValues.image(UUID.fromString(image.toString())));
        assertSame(CanonicalValues.project(7), CanonicalValues.project(7));
        assertSame(CanonicalValues.fingerprint(new String("a\nb")), CanonicalValues.fingerprint(new String("a\nb")));
    }

    @Test
    void theSharedValueEqualsTheOneMadeDirectly() {
        assertEquals(FirmwareVersion.of("1.0.0-rc.1"), CanonicalValues.version("1.0.0-rc.1"));
    }

    @Test
    void aValueThatFailsValidationIsRefusedEveryTimeAndNotKept() {
        int before = CanonicalValues.size();
        assertThrows(InvalidValueException.class, () -> CanonicalValues.version(" 1.0"));
        assertThrows(InvalidValueException.class, () -> CanonicalValues.version(" 1.0"));
        assertTrue(CanonicalValues.size() <= before, "nothing kept for a refused value");
    }

    @Test
    void eachKindKeepsABoundedNumberOfValues() {
        for (int i = 0; i < 3 * CanonicalValues.MAX_PER_KIND; i++) {
            CanonicalValues.version("bounded-" + i);
        }
        assertTrue(CanonicalValues.size() <= 8 * CanonicalValues.MAX_PER_KIND, "at most the bound per kind");
        // After starting over, values are shared again.
        assertSame(CanonicalValues.version(new String("bounded-1")), CanonicalValues.version(new String("bounded-1")));
    }
}
