package org.firmament.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void hashesTheUtf8BytesOfATextAsFips180Says() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hexOf("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hexOf(""));
    }

    @Test
    void eachHashStartsAfresh_theDigestKeptPerThreadIsResetByUse() {
        String first = Sha256.hexOf("abc");
        Sha256.of("something else in between");
        assertEquals(first, Sha256.hexOf("abc"));
    }
}
