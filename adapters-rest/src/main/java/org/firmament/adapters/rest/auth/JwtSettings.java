package org.firmament.adapters.rest.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * REST adapter: how user tokens are verified, validated on construction.
 *
 * @param algorithm the one signature algorithm accepted; the keys must serve it
 * @param keys the keys a token may be signed with
 * @param issuer when present, a token's {@code iss} must equal it; when empty, any issuer passes
 * @param audience when present, a token's {@code aud} (a string or an array) must contain it; when
 *     empty, any audience or none passes
 * @param clockSkew how far the server's clock may lag or lead the provider's when {@code exp} and
 *     {@code nbf} are checked; whole seconds from 0 to {@link #MAX_CLOCK_SKEW}
 */
public record JwtSettings(JwtAlgorithm algorithm, JwtKeys keys, Optional<String> issuer, Optional<String> audience,
                          Duration clockSkew) {

    /** Enough for servers kept in time by NTP; short, so an expired token stops working soon after. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    /** A larger allowance would mostly extend the life of expired tokens. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public JwtSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keys, "keys");
        keys.requireServes(algorithm);
        issuer = requireTextIfPresent("issuer", issuer);
        audience = requireTextIfPresent("audience", audience);
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0 || clockSkew.getNano() != 0) {
            throw new IllegalArgumentException("clockSkew must be whole seconds from 0 to "
                    + MAX_CLOCK_SKEW.toSeconds() + ", was " + clockSkew);
        }
    }

    /** Settings with the algorithm the keys imply, no issuer or audience check, and the default clock skew. */
    public static JwtSettings of(JwtKeys keys) {
        return of(keys.impliedAlgorithm().orElseThrow(() -> new IllegalArgumentException(
                "the keys serve " + keys.algorithms() + "; choose one algorithm")), keys);
    }

    /** Settings with the algorithm pinned, no issuer or audience check, and the default clock skew. */
    public static JwtSettings of(JwtAlgorithm algorithm, JwtKeys keys) {
        return new JwtSettings(algorithm, keys, Optional.empty(), Optional.empty(), DEFAULT_CLOCK_SKEW);
    }

    /** The same settings, but a token's {@code iss} must equal {@code requiredIssuer}. */
    public JwtSettings withIssuer(String requiredIssuer) {
        return new JwtSettings(algorithm, keys, Optional.of(requiredIssuer), audience, clockSkew);
    }

    /** The same settings, but a token's {@code aud} must contain {@code requiredAudience}. */
    public JwtSettings withAudience(String requiredAudience) {
        return new JwtSettings(algorithm, keys, issuer, Optional.of(requiredAudience), clockSkew);
    }

    /** The same settings with another clock skew allowance. */
    public JwtSettings withClockSkew(Duration skew) {
        return new JwtSettings(algorithm, keys, issuer, audience, skew);
    }

    private static Optional<String> requireTextIfPresent(String name, Optional<String> value) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.get().isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank when set");
        }
        return value;
    }
}
