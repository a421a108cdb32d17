package org.firmament.adapters.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Weak, wrong or mismatched keys and settings are refused when the verifier is configured, not when a token arrives. */
class JwtSettingsTest {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");

    @Test
    void anHmacSecretShorterThan32BytesIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtKeys.hmacSecret("x".repeat(31)));
        assertEquals("must be at least 32 bytes long", refused.getMessage());
        assertEquals(Set.of(JwtAlgorithm.HS256), JwtKeys.hmacSecret("x".repeat(32)).algorithms());
    }

    @Test
    void theSecretsLengthCountsUtf8Bytes() {
        assertEquals(Optional.of(JwtAlgorithm.HS256), JwtKeys.hmacSecret("é".repeat(16)).impliedAlgorithm());
    }

    @Test
    void thePemKeysTypeImpliesTheAlgorithm() {
        assertEquals(Optional.of(JwtAlgorithm.RS256), JwtKeys.publicKeyPem(TestKeys.pem(RSA.getPublic())).impliedAlgorithm());
        assertEquals(Optional.of(JwtAlgorithm.ES256), JwtKeys.publicKeyPem(TestKeys.pem(EC.getPublic())).impliedAlgorithm());
    }

    @Test
    void aPemKeyAmongOtherTextIsRead() {
        String pem = "Our provider's signing key, rotated yearly\n" + TestKeys.pem(RSA.getPublic());
        assertEquals(Set.of(JwtAlgorithm.RS256), JwtKeys.publicKeyPem(pem).algorithms());
    }

    @Test
    void anRsaKeyShorterThan2048BitsIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtKeys.publicKeyPem(TestKeys.pem(TestKeys.rsa(1024).getPublic())));
        assertEquals("holds an RSA key of 1024 bits; at least 2048 are required", refused.getMessage());
    }

    @Test
    void anEcKeyOffP256IsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtKeys.publicKeyPem(TestKeys.pem(TestKeys.ec("secp384r1").getPublic())));
        assertEquals("holds an EC key that is not on the P-256 curve, which ES256 needs", refused.getMessage());
    }

    @Test
    void aPrivateKeyIsRefusedAsAPublicKey() {
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtKeys.publicKeyPem(privatePem));
        assertEquals("holds a PEM PRIVATE KEY where a PUBLIC KEY is expected (-----BEGIN PUBLIC KEY-----)",
                refused.getMessage());
        assertFalse(refused.getMessage().contains(((RSAPrivateKey) RSA.getPrivate()).getPrivateExponent().toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a key", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\nAAAA\n"})
    void somethingThatIsNotAPemPublicKeyIsRefused(String pem) {
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.publicKeyPem(pem));
    }

    @Test
    void twoPemKeysInOneFileAreRefused() {
        String two = TestKeys.pem(RSA.getPublic()) + TestKeys.pem(EC.getPublic());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JwtKeys.publicKeyPem(two));
        assertTrue(refused.getMessage().startsWith("holds more than one PEM block"), refused.getMessage());
    }

    @Test
    void aJwkSetOfRsaAndEcKeysServesBothAlgorithmsSoOneMustBeChosen() {
        JwtKeys keys = JwtKeys.jwkSet(new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("r").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyID("e").build())).toString());
        assertEquals(Set.of(JwtAlgorithm.RS256, JwtAlgorithm.ES256), keys.algorithms());
        assertEquals(Optional.empty(), keys.impliedAlgorithm());
        assertThrows(IllegalArgumentException.class, () -> JwtSettings.of(keys));
        assertEquals(JwtAlgorithm.ES256, JwtSettings.of(JwtAlgorithm.ES256, keys).algorithm());
    }

    @Test
    void jwkSetKeysFirmamentCannotVerifyWithAreSkipped() {
        JwtKeys keys = JwtKeys.jwkSet(new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("sig").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyUse(KeyUse.ENCRYPTION).build(),
                new ECKey.Builder(Curve.P_384, (ECPublicKey) TestKeys.ec("secp384r1").getPublic()).build(),
                new RSAKey.Builder((RSAPublicKey) TestKeys.rsa(2048).getPublic()).algorithm(JWSAlgorithm.PS256).build(),
                new RSAKey.Builder((RSAPublicKey) TestKeys.rsa(1024).getPublic()).build())).toString());
        assertEquals(Optional.of(JwtAlgorithm.RS256), keys.impliedAlgorithm());
    }

    @Test
    void aJwkSetWithoutAUsableKeyIsRefused() {
        String secretsOnly = new JWKSet(new OctetSequenceKey.Builder(
                TestKeys.SECRET.getBytes(StandardCharsets.UTF_8)).build()).toString(false);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JwtKeys.jwkSet(secretsOnly));
        assertEquals("holds no key Firmament can verify with (an RSA signature key of at least 2048 bits,"
                + " or an EC P-256 signature key)", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "{\"keys\": 1}", "{\"keys\": [{\"kty\": \"RSA\"}]}", "not json"})
    void somethingThatIsNotAJwkSetIsRefused(String json) {
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.jwkSet(json));
    }

    @Test
    void anAlgorithmTheKeyCannotVerifyIsRefused() {
        JwtKeys rsa = JwtKeys.publicKeyPem(TestKeys.pem(RSA.getPublic()));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtSettings.of(JwtAlgorithm.ES256, rsa));
        assertEquals("ES256 needs an EC public key on the P-256 curve; the configured keys (an RSA public key)"
                + " serve only [RS256]", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JwtSettings.of(JwtAlgorithm.HS256, rsa));
        assertThrows(IllegalArgumentException.class,
                () -> JwtSettings.of(JwtAlgorithm.RS256, JwtKeys.hmacSecret(TestKeys.SECRET)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "hs256", " RS256 ", "es256"})
    void algorithmsParseInAnyCase(String text) {
        assertEquals(text.trim().toUpperCase(java.util.Locale.ROOT), JwtAlgorithm.parse(text).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "HS512", "RS384", "PS256", "EdDSA", ""})
    void otherAlgorithmsCannotBeConfigured(String text) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JwtAlgorithm.parse(text));
        assertEquals("must be HS256, RS256 or ES256", refused.getMessage());
    }

    @Test
    void theClockSkewStaysSmall() {
        JwtSettings settings = JwtSettings.of(JwtKeys.hmacSecret(TestKeys.SECRET));
        assertEquals(Duration.ofSeconds(30), settings.clockSkew());
        assertEquals(Duration.ofMinutes(5), settings.withClockSkew(Duration.ofMinutes(5)).clockSkew());
        assertThrows(IllegalArgumentException.class, () -> settings.withClockSkew(Duration.ofSeconds(301)));
        assertThrows(IllegalArgumentException.class, () -> settings.withClockSkew(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> settings.withClockSkew(Duration.ofMillis(1500)));
    }

    @Test
    void aBlankIssuerOrAudienceIsRefused() {
        JwtSettings settings = JwtSettings.of(JwtKeys.hmacSecret(TestKeys.SECRET));
        assertThrows(IllegalArgumentException.class, () -> settings.withIssuer(" "));
        assertThrows(IllegalArgumentException.class, () -> settings.withAudience(""));
    }

    @Test
    void settingsNeverPrintTheSecret() {
        JwtSettings settings = JwtSettings.of(JwtKeys.hmacSecret(TestKeys.SECRET)).withIssuer("https://id.example");
        assertFalse(settings.toString().contains(TestKeys.SECRET), settings.toString());
        assertTrue(settings.toString().contains("an HMAC secret"), settings.toString());
    }
}
