package org.firmament.domain.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.firmament.domain.InvalidValueException;

/**
 * The only form in which Firmament keeps a secret (an admin token, an API key): its SHA-256.
 *
 * <p>A plain hash rather than a slow password hash is enough because every secret Firmament
 * accepts is generated with at least 256 bits of entropy or configured by the operator;
 * comparison is in constant time.
 */
public record SecretHash(String hex) {

    public SecretHash {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidValueException("secretHash", "a secret hash is 64 hex characters");
        }
    }

    public static SecretHash of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new InvalidValueException("secret", "secret is required");
        }
        return new SecretHash(HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8))));
    }

    /** Whether {@code presented} hashes to this value; time does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = sha256(presented.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(candidate, HexFormat.of().parseHex(hex));
    }

    /** Whether {@code other} is the same hash; time does not depend on where they differ. */
    public boolean sameAs(SecretHash other) {
        return other != null && MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII),
                other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    /** One digest per thread: looking the algorithm up costs more than hashing a key (every request hashes one). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    });

    private static byte[] sha256(byte[] bytes) {
        // digest() resets it for the next use.
        return SHA_256.get().digest(bytes);
    }

    @Override
    public String toString() {
        return "SecretHash[redacted]";
    }
}
