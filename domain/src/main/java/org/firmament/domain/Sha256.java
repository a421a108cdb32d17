package org.firmament.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of small values (a secret, an update's fingerprint, an ETag's text), the one way the
 * code hashes them. One digest per thread: looking the algorithm up costs more than hashing a
 * key, and device check-ins hash on every request.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    });

    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        // digest() resets it for the next use.
        return DIGEST.get().digest(bytes);
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes. */
    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes, in lower-case hex. */
    public static String hexOf(String text) {
        return HexFormat.of().formatHex(of(text));
    }
}
