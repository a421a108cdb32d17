package org.firmament.domain.bundle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.firmament.domain.InvalidValueException;
import org.firmament.domain.device.DeviceId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bundle ids, channels, device classes and device ids share seed 002's bundle id naming rule. */
class NamingRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "5e0e4a19ff1bc0646141d221", "smart_light", "v1.2-rc_3", "A.b.C", "stable"})
    void namesThatBeginAlphanumericAndJoinPartsWithOneSeparatorAreAccepted(String name) {
        assertDoesNotThrow(() -> BundleId.of(name));
        assertDoesNotThrow(() -> Channel.of(name));
        assertDoesNotThrow(() -> DeviceClass.of(name));
        assertDoesNotThrow(() -> DeviceId.of(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "_a", ".a", "a-", "a_", "a.", "a--b", "a._b", "a b", "a/b", "ä", "a\u0000"})
    void namesBreakingTheRuleAreRefused(String name) {
        InvalidValueException refused = assertThrows(InvalidValueException.class, () -> BundleId.of(name));
        assertEquals("bundleId", refused.field());
        assertThrows(InvalidValueException.class, () -> Channel.of(name));
        assertThrows(InvalidValueException.class, () -> DeviceClass.of(name));
        assertThrows(InvalidValueException.class, () -> DeviceId.of(name));
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 1000})
    void namesLongerThanTheLimitAreRefused(int length) {
        assertThrows(InvalidValueException.class, () -> BundleId.of("a".repeat(length)));
    }
}
