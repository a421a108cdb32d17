package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.firmament.adapters.rest.auth.JwtAlgorithm;
import org.firmament.adapters.rest.auth.JwtSettings;
import org.firmament.application.port.out.UserTokenVerifier;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.UserGrant;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWT_* settings: which verifier they build, and the one line each bad value is refused with. */
class JwtConfigTest {

    private static final String SECRET = "a-test-secret-of-more-than-32-bytes-0123456789";

    @TempDir
    static Path dir;

    private static Path rsaPem;
    private static Path ecPem;
    private static Path weakRsaPem;
    private static Path mixedJwks;
    private static Path notAKey;

    @BeforeAll
    static void writeKeyFiles() throws Exception {
        KeyPair rsa = generate("RSA", 2048);
        KeyPair ec = generateEc();
        rsaPem = write("rsa.pem", pem(rsa.getPublic()));
        ecPem = write("ec.pem", pem(ec.getPublic()));
        weakRsaPem = write("weak.pem", pem(generate("RSA", 1024).getPublic()));
        mixedJwks = write("jwks.json", new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("r").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("e").build())).toString());
        notAKey = write("not-a-key.txt", "hello");
    }

    @Test
    void withoutAKeyThereIsNoJwtSupport() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of());
        assertEquals(Optional.empty(), config.jwt());
        assertSame(UserTokenVerifier.NONE, config.userTokenVerifier());
    }

    @Test
    void aSecretConfiguresHs256WithTheDefaultClockSkew() throws Exception {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_JWT_SECRET", SECRET));
        JwtSettings jwt = config.jwt().orElseThrow();
        assertEquals(JwtAlgorithm.HS256, jwt.algorithm());
        assertEquals(Duration.ofSeconds(30), jwt.clockSkew());
        assertEquals(Optional.empty(), jwt.issuer());
        assertEquals(Optional.empty(), jwt.audience());

        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("projects", List.of(2))
                .claim("role", "read").build());
        token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of(new UserGrant("alice", Set.of(ProjectId.of(2)), Role.READ)),
                config.userTokenVerifier().verify(token.serialize()));
    }

    @Test
    void thePublicKeysTypeChoosesTheAlgorithm() {
        assertEquals(JwtAlgorithm.RS256, jwt(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString())).algorithm());
        assertEquals(JwtAlgorithm.ES256, jwt(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", ecPem.toString())).algorithm());
    }

    @Test
    void issuerAudienceAndClockSkewAreRead() {
        JwtSettings jwt = jwt(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString(), "FIRMAMENT_JWT_ALGORITHM", "rs256",
                "FIRMAMENT_JWT_ISSUER", "https://id.example/realms/ota", "FIRMAMENT_JWT_AUDIENCE", "firmament",
                "FIRMAMENT_JWT_CLOCK_SKEW_SECONDS", "0"));
        assertEquals(JwtAlgorithm.RS256, jwt.algorithm());
        assertEquals(Optional.of("https://id.example/realms/ota"), jwt.issuer());
        assertEquals(Optional.of("firmament"), jwt.audience());
        assertEquals(Duration.ZERO, jwt.clockSkew());
    }

    @Test
    void aJwkSetWithKeysOfBothKindsTakesTheConfiguredAlgorithm() {
        JwtSettings jwt = jwt(Map.of("FIRMAMENT_JWT_JWKS_FILE", mixedJwks.toString(), "FIRMAMENT_JWT_ALGORITHM", "ES256"));
        assertEquals(JwtAlgorithm.ES256, jwt.algorithm());
    }

    @Test
    void theJwtKeysMayBeSetInThePropertiesFile() {
        FirmamentConfig config = FirmamentConfig.from(Map.of("JWT_JWKS_FILE", mixedJwks.toString(),
                "JWT_ALGORITHM", "RS256", "JWT_ISSUER", "https://id.example"), Map.of());
        assertEquals(JwtAlgorithm.RS256, config.jwt().orElseThrow().algorithm());
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingEchoed() {
        String shortSecret = "only-twenty-six-characters";
        String message = refused(Map.of("FIRMAMENT_JWT_SECRET", shortSecret));
        assertEquals("FIRMAMENT_JWT_SECRET: must be at least 32 bytes long", message);
        assertFalse(message.contains(shortSecret));
    }

    @Test
    void aMissingKeyFileIsRefused() {
        Path missing = dir.resolve("missing.pem");
        assertEquals("FIRMAMENT_JWT_PUBLIC_KEY_FILE: file " + missing + " does not exist",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", missing.toString())));
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: file " + missing + " does not exist",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", missing.toString())));
    }

    @Test
    void aDirectoryIsRefusedAsKeyFile() {
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: " + dir + " is not a regular file",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", dir.toString())));
    }

    @Test
    void aPublicKeyFileWithoutAPemKeyIsRefused() {
        assertEquals("FIRMAMENT_JWT_PUBLIC_KEY_FILE: " + notAKey + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", notAKey.toString())));
    }

    @Test
    void aWeakRsaKeyIsRefused() {
        assertEquals("FIRMAMENT_JWT_PUBLIC_KEY_FILE: " + weakRsaPem + " holds an RSA key of 1024 bits; at least 2048 are required",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", weakRsaPem.toString())));
    }

    @Test
    void aJwksFileThatIsNotAJwkSetIsRefused() {
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: " + notAKey + " is not a JWK set (a JSON object with a \"keys\" array)",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", notAKey.toString())));
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: " + rsaPem + " is not a JWK set (a JSON object with a \"keys\" array)",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", rsaPem.toString())));
    }

    @Test
    void anOversizedKeyFileIsRefused() throws IOException {
        Path huge = write("huge.json", "x".repeat(1024 * 1024 + 1));
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: file " + huge + " is larger than 1048576 bytes, too large for a key file",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", huge.toString())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS512", "PS256"})
    void anAlgorithmOtherThanTheThreeIsRefused(String algorithm) {
        assertEquals("FIRMAMENT_JWT_ALGORITHM: must be HS256, RS256 or ES256, got '" + algorithm + "'",
                refused(Map.of("FIRMAMENT_JWT_SECRET", SECRET, "FIRMAMENT_JWT_ALGORITHM", algorithm)));
    }

    @Test
    void anAlgorithmTheKeyCannotVerifyIsRefused() {
        assertEquals("FIRMAMENT_JWT_ALGORITHM: RS256 needs an RSA public key of at least 2048 bits; the configured keys"
                + " (an HMAC secret) serve only [HS256]",
                refused(Map.of("FIRMAMENT_JWT_SECRET", SECRET, "FIRMAMENT_JWT_ALGORITHM", "RS256")));
        assertEquals("FIRMAMENT_JWT_ALGORITHM: HS256 needs an HMAC secret; the configured keys (an RSA public key)"
                + " serve only [RS256]",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString(), "FIRMAMENT_JWT_ALGORITHM", "HS256")));
        assertEquals("FIRMAMENT_JWT_ALGORITHM: ES256 needs an EC public key on the P-256 curve; the configured keys"
                + " (an RSA public key) serve only [RS256]",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString(), "FIRMAMENT_JWT_ALGORITHM", "ES256")));
    }

    @Test
    void aJwkSetServingTwoAlgorithmsNeedsTheAlgorithmChosen() {
        assertEquals("FIRMAMENT_JWT_ALGORITHM: is required because FIRMAMENT_JWT_JWKS_FILE holds keys for [RS256, ES256]",
                refused(Map.of("FIRMAMENT_JWT_JWKS_FILE", mixedJwks.toString())));
    }

    @Test
    void atMostOneKeySourceMayBeSet() {
        assertEquals("FIRMAMENT_JWT_PUBLIC_KEY_FILE: cannot be combined with FIRMAMENT_JWT_SECRET; set only one of them",
                refused(Map.of("FIRMAMENT_JWT_SECRET", SECRET, "FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString())));
        assertEquals("FIRMAMENT_JWT_JWKS_FILE: cannot be combined with FIRMAMENT_JWT_PUBLIC_KEY_FILE; set only one of them",
                refused(Map.of("FIRMAMENT_JWT_PUBLIC_KEY_FILE", rsaPem.toString(),
                        "FIRMAMENT_JWT_JWKS_FILE", mixedJwks.toString())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"301", "-1"})
    void aClockSkewOutsideZeroToFiveMinutesIsRefused(String seconds) {
        assertEquals("FIRMAMENT_JWT_CLOCK_SKEW_SECONDS: must be between 0 and 300, got '" + seconds + "'",
                refused(Map.of("FIRMAMENT_JWT_SECRET", SECRET, "FIRMAMENT_JWT_CLOCK_SKEW_SECONDS", seconds)));
    }

    @Test
    void aClockSkewThatIsNotANumberIsRefused() {
        assertEquals("FIRMAMENT_JWT_CLOCK_SKEW_SECONDS: must be a whole number, got '30s'",
                refused(Map.of("FIRMAMENT_JWT_SECRET", SECRET, "FIRMAMENT_JWT_CLOCK_SKEW_SECONDS", "30s")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT_ALGORITHM", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_CLOCK_SKEW_SECONDS"})
    void aJwtRefinementWithoutAKeyIsRefusedSoAHalfConfigurationDoesNotPassSilently(String key) {
        assertEquals("FIRMAMENT_" + key + ": has no effect without one of FIRMAMENT_JWT_SECRET,"
                + " FIRMAMENT_JWT_PUBLIC_KEY_FILE or FIRMAMENT_JWT_JWKS_FILE",
                refused(Map.of("FIRMAMENT_" + key, "RS256")));
    }

    @Test
    void theConfigurationNeverPrintsTheSecret() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_JWT_SECRET", SECRET));
        assertFalse(config.toString().contains(SECRET));
    }

    private static JwtSettings jwt(Map<String, String> environment) {
        return FirmamentConfig.from(Map.of(), environment).jwt().orElseThrow();
    }

    private static String refused(Map<String, String> environment) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> FirmamentConfig.from(Map.of(), new HashMap<>(environment)));
        assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        return refused.getMessage();
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair generate(String algorithm, int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static KeyPair generateEc() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
