package org.firmament.adapters.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * REST adapter: the keys that may have signed a user token, as the operator configured them (an
 * HMAC secret, one PEM public key, or a JWK set), and which algorithms they serve. Refuses weak
 * keys when it is built; never prints key material.
 */
public final class JwtKeys {

    /** RFC 7518 (3.2): an HS256 key must be at least as long as the hash, 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /** Shorter RSA keys are no longer considered safe (NIST SP 800-131A). */
    public static final int MIN_RSA_BITS = 2048;

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final String description;
    private final Map<JwtAlgorithm, JWSKeySelector<SecurityContext>> selectors;

    private JwtKeys(String description, Map<JwtAlgorithm, JWSKeySelector<SecurityContext>> selectors) {
        this.description = description;
        this.selectors = Collections.unmodifiableMap(new EnumMap<>(selectors));
    }

    /** A shared HS256 secret; its UTF-8 bytes are the HMAC key, so it must be at least 32 bytes long. */
    public static JwtKeys hmacSecret(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new JwtKeys("an HMAC secret", Map.of(JwtAlgorithm.HS256,
                single(JwtAlgorithm.HS256, new SecretKeySpec(bytes, "HmacSHA256"))));
    }

    /**
     * One public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo): an
     * RSA key of at least 2048 bits serves RS256, an EC key on P-256 serves ES256.
     */
    public static JwtKeys publicKeyPem(String pem) {
        PublicKey key = parsePem(pem);
        if (key instanceof RSAPublicKey rsa) {
            requireStrongRsa(rsa.getModulus().bitLength());
            return new JwtKeys("an RSA public key", Map.of(JwtAlgorithm.RS256, single(JwtAlgorithm.RS256, rsa)));
        }
        if (key instanceof ECPublicKey ec) {
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new IllegalArgumentException("holds an EC key that is not on the P-256 curve, which ES256 needs");
            }
            return new JwtKeys("an EC P-256 public key", Map.of(JwtAlgorithm.ES256, single(JwtAlgorithm.ES256, ec)));
        }
        throw new IllegalArgumentException("holds neither an RSA nor an EC public key");
    }

    /**
     * A JWK set (RFC 7517, {@code {"keys": [...]}}) as identity providers publish it. Tokens pick
     * their key by {@code kid}. Keys Firmament cannot verify with are skipped rather than refused,
     * because providers often publish keys for other algorithms or for encryption alongside: keys
     * marked {@code "use": "enc"}, symmetric keys, RSA keys under 2048 bits, EC keys off P-256,
     * and keys whose {@code alg} is neither RS256 nor ES256. Private parts, if any, are dropped.
     */
    public static JwtKeys jwkSet(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json == null ? "" : json);
        } catch (ParseException | RuntimeException e) {
            // The parser's message may quote the file; key material must not reach the log.
            throw new IllegalArgumentException("is not a JWK set (a JSON object with a \"keys\" array)");
        }
        Map<JwtAlgorithm, List<JWK>> usable = new EnumMap<>(JwtAlgorithm.class);
        for (JWK jwk : set.getKeys()) {
            algorithmFor(jwk).ifPresent(algorithm ->
                    usable.computeIfAbsent(algorithm, unused -> new ArrayList<>()).add(jwk.toPublicJWK()));
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("holds no key Firmament can verify with (an RSA signature key of at least "
                    + MIN_RSA_BITS + " bits, or an EC P-256 signature key)");
        }
        Map<JwtAlgorithm, JWSKeySelector<SecurityContext>> selectors = new EnumMap<>(JwtAlgorithm.class);
        usable.forEach((algorithm, keys) -> selectors.put(algorithm,
                new JWSVerificationKeySelector<>(algorithm.jws(), new ImmutableJWKSet<>(new JWKSet(keys)))));
        int count = usable.values().stream().mapToInt(List::size).sum();
        return new JwtKeys(count + " key(s) of a JWK set", selectors);
    }

    /** The algorithms these keys can verify. */
    public Set<JwtAlgorithm> algorithms() {
        return selectors.keySet();
    }

    /** The one algorithm these keys serve; empty when they serve several, and configuration must pick one. */
    public Optional<JwtAlgorithm> impliedAlgorithm() {
        return selectors.size() == 1 ? Optional.of(selectors.keySet().iterator().next()) : Optional.empty();
    }

    /** Refuses {@code algorithm}, naming the key it needs, unless these keys can verify it. */
    void requireServes(JwtAlgorithm algorithm) {
        if (!selectors.containsKey(algorithm)) {
            throw new IllegalArgumentException(algorithm + " needs " + algorithm.keyNeeded() + "; the configured keys ("
                    + description + ") serve only " + algorithms());
        }
    }

    /** Chooses, for a token's header, the keys to try: none unless the header names {@code algorithm}. */
    JWSKeySelector<SecurityContext> selectorFor(JwtAlgorithm algorithm) {
        requireServes(algorithm);
        return selectors.get(algorithm);
    }

    // Printed in configuration dumps and error messages: what kind of key, never the key.
    @Override
    public String toString() {
        return "JwtKeys[" + description + "]";
    }

    private static JWSKeySelector<SecurityContext> single(JwtAlgorithm algorithm, java.security.Key key) {
        return new SingleKeyJWSKeySelector<>(algorithm.jws(), key);
    }

    private static Optional<JwtAlgorithm> algorithmFor(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return Optional.empty();
        }
        Optional<JwtAlgorithm> byKeyType = Optional.empty();
        if (jwk instanceof RSAKey rsa && rsaBits(rsa) >= MIN_RSA_BITS) {
            byKeyType = Optional.of(JwtAlgorithm.RS256);
        } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            byKeyType = Optional.of(JwtAlgorithm.ES256);
        }
        // A key that names its algorithm may serve only that one.
        return byKeyType.filter(algorithm -> jwk.getAlgorithm() == null || algorithm.jws().equals(jwk.getAlgorithm()));
    }

    private static int rsaBits(RSAKey rsa) {
        try {
            return rsa.toRSAPublicKey().getModulus().bitLength();
        } catch (JOSEException e) {
            return 0;
        }
    }

    private static void requireStrongRsa(int bits) {
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException("holds an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS
                    + " are required");
        }
    }

    private static PublicKey parsePem(String pem) {
        Matcher block = PEM_BLOCK.matcher(pem == null ? "" : pem);
        if (!block.find()) {
            throw new IllegalArgumentException("holds no PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        String label = block.group(1);
        String body = block.group(2);
        if (!"PUBLIC KEY".equals(label)) {
            throw new IllegalArgumentException("holds a PEM " + label + " where a PUBLIC KEY is expected"
                    + " (-----BEGIN PUBLIC KEY-----)");
        }
        if (block.find()) {
            throw new IllegalArgumentException("holds more than one PEM block; give one public key, or a JWK set"
                    + " for several");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds a PUBLIC KEY that is not valid base64");
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String keyType : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(keyType).generatePublic(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this type; try the next
            }
        }
        throw new IllegalArgumentException("holds neither an RSA nor an EC public key");
    }
}
