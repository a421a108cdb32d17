package org.firmament.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.firmament.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

class SecretHashTest {

    @Test
    void theHashIsTheSha256OfTheSecretAndMatchesOnlyThatSecret() {
        SecretHash hash = SecretHash.of("abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.hex());
        assertTrue(hash.matches("abc"));
        assertFalse(hash.matches("abd"));
        assertFalse(hash.matches(""));
        assertFalse(hash.matches(null));
    }

    @Test
    void twoHashesAreTheSameOnlyForTheSameSecret() {
        assertTrue(SecretHash.of("abc").sameAs(SecretHash.of("abc")));
        assertFalse(SecretHash.of("abc").sameAs(SecretHash.of("abd")));
        assertFalse(SecretHash.of("abc").sameAs(null));
    }

    @Test
    void hashesThatDifferOnlyAtTheEndAreNotTheSameAndEqualHashesHashAlike() {
        String prefix = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a";
        assertFalse(new SecretHash(prefix + "d").sameAs(new SecretHash(prefix + "e")));
        assertFalse(new SecretHash(prefix + "d").equals(new SecretHash(prefix + "e")));
        assertEquals(new SecretHash(prefix + "d"), SecretHash.of("abc"));
        assertEquals(new SecretHash(prefix + "d").hashCode(), SecretHash.of("abc").hashCode());
        assertEquals(0xffffffff, new SecretHash("ffffffff" + prefix.substring(8) + "d").hashCode());
    }

    @Test
    void aHashReadsFromAndWritesToItsHexAndUpperCaseReadsAsTheSameHash() {
        String hex = "0000000000000001ff00000000000000800000000000000f7fffffffffffffff";
        assertEquals(hex, new SecretHash(hex).hex());
        assertEquals(new SecretHash(hex), new SecretHash(hex.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(hex, new SecretHash(hex.toUpperCase(java.util.Locale.ROOT)).hex());
        for (String secret : new String[] {"abc", "a device key", "\u00e9t\u00e9"}) {
            assertEquals(org.firmament.domain.Sha256.hexOf(secret), SecretHash.of(secret).hex());
        }
        assertFalse(SecretHash.of("abc").equals(null));
        assertFalse(SecretHash.of("abc").equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        assertThrows(InvalidValueException.class, () -> new SecretHash(null));
        assertThrows(InvalidValueException.class, () -> new SecretHash(hex.substring(1) + "g"));
        assertThrows(InvalidValueException.class, () -> new SecretHash("+" + hex.substring(1)));
        assertThrows(InvalidValueException.class, () -> new SecretHash(hex + "0"));
        // Digits of other scripts count as digits to Character.digit, never as hex here.
        assertThrows(InvalidValueException.class, () -> new SecretHash("\u0660" + hex.substring(1)));
        assertThrows(InvalidValueException.class, () -> new SecretHash("\uff21" + hex.substring(1)));
    }

    @Test
    void theSecretNeverAppearsInTheTextForm() {
        assertFalse(SecretHash.of("super-secret").toString().contains(SecretHash.of("super-secret").hex()));
    }

    @Test
    void malformedStoredHashesAreRefused() {
        assertThrows(InvalidValueException.class, () -> new SecretHash("xyz"));
        assertThrows(InvalidValueException.class, () -> SecretHash.of(""));
    }
}
