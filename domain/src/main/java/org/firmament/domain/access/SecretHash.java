package org.firmament.domain.access;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Sha256;

/**
 * The only form in which Firmament keeps a secret (an admin token, an API key): its SHA-256.
 *
 * <p>A plain hash rather than a slow password hash is enough because every secret Firmament
 * accepts is generated with at least 256 bits of entropy or configured by the operator;
 * comparison is in constant time.
 *
 * <p>Held as its 256 bits rather than as 64 hex characters: a fleet's check-in caches hold two
 * per remembered device (the device's own and the key the cache found it by) and compare one at
 * every request; as bits a hash is one object of 48 bytes instead of three of 120, compared
 * without leaving it. Stored, and so looked up, as the lower-case hex Firmament writes
 * ({@link #hex()}); upper-case hex parses to the same bits.
 */
public final class SecretHash {

    private static final HexFormat HEX = HexFormat.of();

    private final long bits0;
    private final long bits1;
    private final long bits2;
    private final long bits3;

    /** From its 64 hex characters, as stored. */
    public SecretHash(String hex) {
        if (hex == null || hex.length() != 64 || !isHex(hex)) {
            throw new InvalidValueException("secretHash", "a secret hash is 64 hex characters");
        }
        this.bits0 = HexFormat.fromHexDigitsToLong(hex, 0, 16);
        this.bits1 = HexFormat.fromHexDigitsToLong(hex, 16, 32);
        this.bits2 = HexFormat.fromHexDigitsToLong(hex, 32, 48);
        this.bits3 = HexFormat.fromHexDigitsToLong(hex, 48, 64);
    }

    private SecretHash(byte[] sha256) {
        ByteBuffer bits = ByteBuffer.wrap(sha256);
        this.bits0 = bits.getLong();
        this.bits1 = bits.getLong();
        this.bits2 = bits.getLong();
        this.bits3 = bits.getLong();
    }

    // A loop, not a stream: every stored key read back builds one of these.
    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static SecretHash of(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new InvalidValueException("secret", "secret is required");
        }
        return new SecretHash(Sha256.of(secret));
    }

    /** The hash as 64 lower-case hex characters, as it is stored. */
    public String hex() {
        return HEX.formatHex(ByteBuffer.allocate(32).putLong(bits0).putLong(bits1).putLong(bits2).putLong(bits3).array());
    }

    /** Whether {@code presented} hashes to this value; time does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return sameAs(new SecretHash(Sha256.of(presented)));
    }

    /** Whether {@code other} is the same hash; time does not depend on where they differ. */
    public boolean sameAs(SecretHash other) {
        return other != null
                && ((bits0 ^ other.bits0) | (bits1 ^ other.bits1) | (bits2 ^ other.bits2) | (bits3 ^ other.bits3)) == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretHash hash && sameAs(hash);
    }

    /** The first 32 bits: a SHA-256 is spread evenly, so they serve as well as all 256. */
    @Override
    public int hashCode() {
        return (int) (bits0 >>> 32);
    }

    @Override
    public String toString() {
        return "SecretHash[redacted]";
    }
}
