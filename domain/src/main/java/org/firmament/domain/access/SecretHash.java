package org.firmament.domain.access;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Sha256;

/**
 * The only form in which Firmament keeps a secret (an admin token, an API key): its SHA-256.
 *
 * <p>A plain hash rather than a slow password hash is enough because every secret Firmament
 * accepts is generated with at least 256 bits of entropy or configured by the operator;
 * comparison is in constant time.
 */
public record SecretHash(String hex) {

    public SecretHash {
        if (hex == null || hex.length() != 64 || !isHex(hex)) {
            throw new InvalidValueException("secretHash", "a secret hash is 64 hex characters");
        }
    }

    // A loop, not a stream: every request that presents a key builds one of these.
    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    public static SecretHash of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new InvalidValueException("secret", "secret is required");
        }
        return new SecretHash(Sha256.hexOf(secret));
    }

    /** Whether {@code presented} hashes to this value; time does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = Sha256.of(presented);
        return MessageDigest.isEqual(candidate, HexFormat.of().parseHex(hex));
    }

    /** Whether {@code other} is the same hash; time does not depend on where they differ. */
    public boolean sameAs(SecretHash other) {
        if (other == null) {
            return false;
        }
        // Every character compared, differences gathered: both are 64 characters, so no early exit
        // and no copies (the admin token's hash is compared at every request that presents a key).
        int difference = 0;
        for (int i = 0; i < hex.length(); i++) {
            difference |= hex.charAt(i) ^ other.hex.charAt(i);
        }
        return difference == 0;
    }

    /**
     * The first 32 bits of the hash: a SHA-256 is spread evenly, so they serve as well as all 256,
     * and reading 8 characters costs less than hashing 64 at every request that presents a key.
     */
    @Override
    public int hashCode() {
        return Integer.parseUnsignedInt(hex, 0, 8, 16);
    }

    @Override
    public String toString() {
        return "SecretHash[redacted]";
    }
}
