package org.firmament.adapters.rest.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Locale;

/**
 * REST adapter: the signature algorithms a user token may be configured to use. Exactly one is
 * pinned per deployment; {@code none} and every algorithm not listed here are never accepted.
 */
public enum JwtAlgorithm {
    /** HMAC with SHA-256 and a shared secret. */
    HS256(JWSAlgorithm.HS256),
    /** RSASSA-PKCS1-v1_5 with SHA-256 and an RSA public key. */
    RS256(JWSAlgorithm.RS256),
    /** ECDSA with SHA-256 and a public key on the P-256 curve. */
    ES256(JWSAlgorithm.ES256);

    private final JWSAlgorithm jws;

    JwtAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    /** Parses {@code HS256}, {@code RS256} or {@code ES256}, in any letter case. */
    public static JwtAlgorithm parse(String text) {
        if (text != null) {
            for (JwtAlgorithm algorithm : values()) {
                if (algorithm.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return algorithm;
                }
            }
        }
        throw new IllegalArgumentException("must be HS256, RS256 or ES256");
    }

    JWSAlgorithm jws() {
        return jws;
    }

    /** What kind of key verifies this algorithm, as error messages say it. */
    String keyNeeded() {
        return switch (this) {
            case HS256 -> "an HMAC secret";
            case RS256 -> "an RSA public key of at least " + JwtKeys.MIN_RSA_BITS + " bits";
            case ES256 -> "an EC public key on the P-256 curve";
        };
    }
}
