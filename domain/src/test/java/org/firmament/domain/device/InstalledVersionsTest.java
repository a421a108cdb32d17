package org.firmament.domain.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.junit.jupiter.api.Test;

class InstalledVersionsTest {

    private static final FirmwareTypeName APP = FirmwareTypeName.of("app");
    private static final FirmwareTypeName BOOT = FirmwareTypeName.of("boot");
    private static final FirmwareTypeName RADIO = FirmwareTypeName.of("radio");

    private static Map<FirmwareTypeName, FirmwareVersion> versions(Object... typeThenVersion) {
        Map<FirmwareTypeName, FirmwareVersion> versions = new LinkedHashMap<>();
        for (int i = 0; i < typeThenVersion.length; i += 2) {
            versions.put((FirmwareTypeName) typeThenVersion[i], FirmwareVersion.of((String) typeThenVersion[i + 1]));
        }
        return versions;
    }

    @Test
    void versionsAreOrderedByTypeNameWhateverOrderTheyCameIn() {
        InstalledVersions installed = new InstalledVersions(versions(RADIO, "3", APP, "1", BOOT, "2"));
        assertEquals(List.of(APP, BOOT, RADIO), List.copyOf(installed.versions().keySet()));
    }

    @Test
    void noneOneOrManyVersionsCannotBeChangedFromOutside() {
        for (InstalledVersions installed : List.of(new InstalledVersions(new HashMap<>()),
                new InstalledVersions(versions(APP, "1")), new InstalledVersions(versions(APP, "1", BOOT, "2")))) {
            assertThrows(UnsupportedOperationException.class,
                    () -> installed.versions().put(RADIO, FirmwareVersion.of("3")));
        }
    }

    @Test
    void theGivenMapChangingAfterwardsChangesNothing() {
        Map<FirmwareTypeName, FirmwareVersion> given = versions(APP, "1");
        InstalledVersions installed = new InstalledVersions(given);
        given.put(BOOT, FirmwareVersion.of("2"));
        assertEquals(Map.of(APP, FirmwareVersion.of("1")), installed.versions());
    }

    @Test
    void equalVersionsAreEqualHoweverTheyWereBuilt() {
        assertEquals(InstalledVersions.NONE, new InstalledVersions(new HashMap<>()));
        assertEquals(new InstalledVersions(versions(APP, "1")), InstalledVersions.NONE.with(APP, FirmwareVersion.of("1")));
        assertEquals(new InstalledVersions(versions(APP, "1", BOOT, "2")),
                new InstalledVersions(versions(BOOT, "2")).merge(new InstalledVersions(versions(APP, "1"))));
    }

    @Test
    void aTypeNotStatedHasNoVersionAndALookupWithoutATypeFindsNothing() {
        assertEquals(Optional.empty(), InstalledVersions.NONE.of(APP));
        assertEquals(Optional.empty(), new InstalledVersions(versions(BOOT, "2")).of(APP));
        assertEquals(Optional.empty(), new InstalledVersions(versions(BOOT, "2")).of(null));
        assertTrue(InstalledVersions.NONE.isEmpty());
    }

    @Test
    void aMissingTypeOrVersionIsRefused() {
        Map<FirmwareTypeName, FirmwareVersion> withoutVersion = new HashMap<>();
        withoutVersion.put(APP, null);
        assertThrows(InvalidValueException.class, () -> new InstalledVersions(withoutVersion));
        assertThrows(InvalidValueException.class, () -> new InstalledVersions(null));
    }

    @Test
    void moreTypesThanABundleCanHoldAreRefused() {
        Map<FirmwareTypeName, FirmwareVersion> many = new HashMap<>();
        for (int i = 0; i <= InstalledVersions.MAX_TYPES; i++) {
            many.put(FirmwareTypeName.of("type_" + i), FirmwareVersion.of("1"));
        }
        assertThrows(InvalidValueException.class, () -> new InstalledVersions(many));
    }
}
