package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmament.domain.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionSchemeTest {

    private static FirmwareVersion v(String value) {
        return FirmwareVersion.of(value);
    }

    @Test
    void semanticPrecedenceFollowsTheSemverSpecificationExample() {
        // The ordering example of semver.org 2.0.0, section 11.
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0");
        for (int i = 1; i < ascending.size(); i++) {
            assertTrue(VersionScheme.SEMANTIC.isUpgrade(v(ascending.get(i - 1)), v(ascending.get(i))),
                    ascending.get(i) + " must be newer than " + ascending.get(i - 1));
            assertFalse(VersionScheme.SEMANTIC.isUpgrade(v(ascending.get(i)), v(ascending.get(i - 1))));
        }
    }

    @Test
    void semanticBuildMetadataIsIgnoredForOrder() {
        assertFalse(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0+build.1"), v("1.0.0+build.2")));
        assertFalse(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0+build.2"), v("1.0.0+build.1")));
    }

    @Test
    void semanticBuildMetadataIsIgnoredOnPreReleasesToo() {
        assertFalse(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0-rc.1+a"), v("1.0.0-rc.1+b")));
        assertTrue(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0-rc.1+zzz"), v("1.0.0-rc.2+aaa")));
        assertTrue(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0-rc.1+build.9"), v("1.0.0")));
    }

    @Test
    void semanticNumericPreReleaseIdentifiersCompareByValueWhateverTheirLength() {
        assertTrue(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0-rc.99999999999999999999"),
                v("1.0.0-rc.100000000000000000000")));
        assertTrue(VersionScheme.SEMANTIC.isUpgrade(v("1.0.0-99999999999999999999"), v("1.0.0-a")),
                "numeric identifiers rank below alphanumeric ones");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0+", "1.0.0-rc..1", "1.2.3.4"})
    void semanticRefusesWhatIsNotASemanticVersion(String text) {
        assertThrows(InvalidValueException.class, () -> VersionScheme.SEMANTIC.validate(v(text)));
    }

    @Test
    void semanticAcceptsTheSeedExamples() {
        VersionScheme.SEMANTIC.validate(v("1.0.0-rc1"));
        VersionScheme.SEMANTIC.validate(v("1.2.7"));
        VersionScheme.SEMANTIC.validate(v("99999999999999999999.0.0"));
    }

    @Test
    void numericComparesByValueWhateverTheLengthAndLeadingZeros() {
        assertTrue(VersionScheme.NUMERIC.isUpgrade(v("01932023020111482"), v("01932023020111483")));
        assertTrue(VersionScheme.NUMERIC.isUpgrade(v("9"), v("10")));
        assertFalse(VersionScheme.NUMERIC.isUpgrade(v("010"), v("10")));
        assertTrue(VersionScheme.NUMERIC.isUpgrade(v("99999999999999999999999"), v("100000000000000000000000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "-1", "1e5", "abc", "١٢"})
    void numericRefusesAnythingButDecimalDigits(String text) {
        assertThrows(InvalidValueException.class, () -> VersionScheme.NUMERIC.validate(v(text)));
    }

    @Test
    void opaqueTreatsAnyDifferenceAsAnUpdateAndHasNoOrder() {
        assertTrue(VersionScheme.OPAQUE.isUpgrade(v("build-b"), v("build-a")));
        assertFalse(VersionScheme.OPAQUE.isUpgrade(v("same"), v("same")));
        assertEquals(java.util.Optional.empty(), VersionScheme.OPAQUE.order());
        assertFalse(VersionScheme.OPAQUE.isOrdered());
    }
}
