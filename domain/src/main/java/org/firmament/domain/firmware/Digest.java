package org.firmament.domain.firmware;

import java.util.HexFormat;
import java.util.Locale;
import org.firmament.domain.InvalidValueException;

/** A SHA-1 or SHA-256 digest of a binary, kept as lower-case hex. */
public record Digest(Algorithm algorithm, String hex) {

    /** The digests Firmament records: SHA-1 because seed 002's devices verify it, SHA-256 for everything else. */
    public enum Algorithm {
        SHA1("SHA-1", 40), SHA256("SHA-256", 64);

        private final String jdkName;
        private final int hexLength;

        Algorithm(String jdkName, int hexLength) {
            this.jdkName = jdkName;
            this.hexLength = hexLength;
        }

        /** The name {@code java.security.MessageDigest} knows the algorithm by. */
        public String jdkName() {
            return jdkName;
        }
    }

    public Digest {
        if (algorithm == null || hex == null) {
            throw new InvalidValueException("digest", "digest algorithm and value are required");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidValueException("digest", algorithm.jdkName + " digest must be "
                    + algorithm.hexLength + " hex characters");
        }
    }

    public static Digest sha1(String hex) {
        return new Digest(Algorithm.SHA1, hex);
    }

    public static Digest sha256(String hex) {
        return new Digest(Algorithm.SHA256, hex);
    }

    public static Digest of(Algorithm algorithm, byte[] bytes) {
        return new Digest(algorithm, HexFormat.of().formatHex(bytes));
    }

    /**
     * Rule: when the uploader stated the digest of what it sent, the bytes that arrived must have
     * it; otherwise they were damaged on the way (or the uploader is wrong) and are refused.
     */
    public static void requireExpected(java.util.Optional<Digest> expected, Digest measured) {
        expected.filter(digest -> !digest.equals(measured)).ifPresent(digest -> {
            throw new InvalidValueException("sha256", "The uploaded file's " + digest.algorithm.jdkName + " is "
                    + measured.hex + ", not the expected " + digest.hex);
        });
    }

    @Override
    public String toString() {
        return hex;
    }
}
