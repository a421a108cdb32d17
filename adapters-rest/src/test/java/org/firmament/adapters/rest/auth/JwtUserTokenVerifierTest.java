package org.firmament.adapters.rest.auth;

import static org.firmament.adapters.rest.auth.TestKeys.SECRET;
import static org.firmament.adapters.rest.auth.TestKeys.base64Url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.UserGrant;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user token is accepted only when it is signed with the configured algorithm and key, is within
 * its validity window, matches the configured issuer and audience, and states a grant.
 */
class JwtUserTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair OTHER_RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");

    private static final UserGrant ALICE_WRITES_1_AND_7 =
            new UserGrant("alice", Set.of(ProjectId.of(1), ProjectId.of(7)), Role.WRITE);

    private final JwtUserTokenVerifier hs256 = verifier(JwtSettings.of(JwtKeys.hmacSecret(SECRET)));
    private final JwtUserTokenVerifier rs256 = verifier(JwtSettings.of(JwtKeys.publicKeyPem(TestKeys.pem(RSA.getPublic()))));
    private final JwtUserTokenVerifier es256 = verifier(JwtSettings.of(JwtKeys.publicKeyPem(TestKeys.pem(EC.getPublic()))));

    // --- valid grants

    @Test
    void aValidHs256TokenGrantsItsSubjectProjectsAndRole() {
        assertEquals(Optional.of(ALICE_WRITES_1_AND_7), hs256.verify(TestKeys.hs256(SECRET, grant().build())));
    }

    @Test
    void aValidRs256TokenGrantsItsSubjectProjectsAndRole() {
        assertEquals(Optional.of(ALICE_WRITES_1_AND_7), rs256.verify(TestKeys.rs256(RSA, "any-kid", grant().build())));
    }

    @Test
    void aValidEs256TokenGrantsItsSubjectProjectsAndRole() {
        assertEquals(Optional.of(ALICE_WRITES_1_AND_7), es256.verify(TestKeys.es256(EC, null, grant().build())));
    }

    @Test
    void theReadRoleIsRead() {
        String token = TestKeys.hs256(SECRET, grant().claim("role", "read").claim("projects", List.of(3)).build());
        assertEquals(Optional.of(new UserGrant("alice", Set.of(ProjectId.of(3)), Role.READ)), hs256.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt"})
    void theUsualTypeHeadersAreAccepted(String type) {
        String token = TestKeys.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(type)).build(),
                macSigner(SECRET.getBytes(StandardCharsets.UTF_8)), grant().build());
        assertTrue(hs256.verify(token).isPresent());
    }

    @Test
    void aTokenTypedAsSomethingElseThanAnAccessTokenIsRefused() {
        String token = TestKeys.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("secevent+jwt"))
                .build(), macSigner(SECRET.getBytes(StandardCharsets.UTF_8)), grant().build());
        assertRefused(hs256, token);
    }

    // --- validity window

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(hs256, TestKeys.hs256(SECRET, grant().expirationTime(at(NOW.minusSeconds(31))).build()));
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsStillAccepted() {
        assertTrue(hs256.verify(TestKeys.hs256(SECRET, grant().expirationTime(at(NOW.minusSeconds(29))).build())).isPresent());
    }

    @Test
    void theClockSkewIsConfigurable() {
        JwtUserTokenVerifier strict = verifier(JwtSettings.of(JwtKeys.hmacSecret(SECRET)).withClockSkew(Duration.ZERO));
        assertRefused(strict, TestKeys.hs256(SECRET, grant().expirationTime(at(NOW.minusSeconds(1))).build()));
    }

    @Test
    void aTokenNotValidBeforeALaterTimeIsRefused() {
        assertRefused(hs256, TestKeys.hs256(SECRET, grant().notBeforeTime(at(NOW.plusSeconds(60))).build()));
    }

    @Test
    void aTokenWhoseNotBeforeHasPassedIsAccepted() {
        assertTrue(hs256.verify(TestKeys.hs256(SECRET, grant().notBeforeTime(at(NOW.minusSeconds(60))).build())).isPresent());
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertRefused(hs256, TestKeys.hs256(SECRET, grant().expirationTime(null).build()));
    }

    @Test
    void anExpiryThatIsNotANumberIsRefused() {
        assertRefused(hs256, TestKeys.hs256(SECRET, grant().expirationTime(null).claim("exp", "tomorrow").build()));
    }

    // --- signatures and algorithms

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        assertRefused(rs256, TestKeys.rs256(OTHER_RSA, null, grant().build()));
        assertRefused(hs256, TestKeys.hs256(SECRET + "-other", grant().build()));
    }

    @Test
    void aTokenWhosePayloadWasChangedAfterSigningIsRefused() {
        String[] parts = TestKeys.hs256(SECRET, grant().build()).split("\\.");
        String widened = base64Url(grant().claim("projects", List.of(1, 2, 3, 4, 5, 6, 7)).build().toString());
        assertRefused(hs256, parts[0] + "." + widened + "." + parts[2]);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefused() {
        String payload = base64Url(grant().build().toString());
        assertRefused(hs256, base64Url("{\"alg\":\"none\"}") + "." + payload + ".");
        assertRefused(rs256, base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        String[] signed = TestKeys.hs256(SECRET, grant().build()).split("\\.");
        assertRefused(hs256, base64Url("{\"alg\":\"none\"}") + "." + signed[1] + "." + signed[2]);
    }

    @Test
    void anHs256TokenKeyedWithTheRsaPublicKeyIsRefusedWhenRs256IsConfigured() {
        byte[] encodedPublicKey = RSA.getPublic().getEncoded();
        byte[] pemText = TestKeys.pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII);
        for (byte[] confusedSecret : List.of(encodedPublicKey, pemText)) {
            String token = TestKeys.sign(new JWSHeader(JWSAlgorithm.HS256), macSigner(confusedSecret), grant().build());
            assertRefused(rs256, token);
        }
    }

    @Test
    void aTokenOfAnotherAlgorithmThanTheConfiguredOneIsRefused() {
        assertRefused(es256, TestKeys.rs256(RSA, null, grant().build()));
        assertRefused(rs256, TestKeys.es256(EC, null, grant().build()));
        assertRefused(rs256, TestKeys.hs256(SECRET, grant().build()));
        assertRefused(hs256, TestKeys.rs256(RSA, null, grant().build()));
    }

    @Test
    void aHeaderNamingAnotherAlgorithmThanTheSignatureWasMadeWithIsRefused() {
        String[] rs = TestKeys.rs256(RSA, null, grant().build()).split("\\.");
        assertRefused(rs256, base64Url("{\"alg\":\"RS512\"}") + "." + rs[1] + "." + rs[2]);
        assertRefused(rs256, base64Url("{\"alg\":\"PS256\"}") + "." + rs[1] + "." + rs[2]);
    }

    @Test
    void anUnknownCriticalHeaderIsRefused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).criticalParams(Set.of("firmament-unknown"))
                .customParam("firmament-unknown", true).build();
        assertRefused(hs256, TestKeys.sign(header, macSigner(SECRET.getBytes(StandardCharsets.UTF_8)), grant().build()));
    }

    // --- JWK sets

    @Test
    void aJwkSetWithSeveralKeysPicksTheKeyByKid() {
        JwtUserTokenVerifier verifier = verifier(JwtSettings.of(JwtAlgorithm.RS256, jwkSet()));
        assertEquals(Optional.of(ALICE_WRITES_1_AND_7), verifier.verify(TestKeys.rs256(OTHER_RSA, "rsa-2", grant().build())));
        assertEquals(Optional.of(ALICE_WRITES_1_AND_7), verifier.verify(TestKeys.rs256(RSA, "rsa-1", grant().build())));
    }

    @Test
    void aJwkSetTokenNamingTheWrongOrAnUnknownKidIsRefused() {
        JwtUserTokenVerifier verifier = verifier(JwtSettings.of(JwtAlgorithm.RS256, jwkSet()));
        assertRefused(verifier, TestKeys.rs256(OTHER_RSA, "rsa-1", grant().build()));
        assertRefused(verifier, TestKeys.rs256(OTHER_RSA, "rsa-9", grant().build()));
    }

    @Test
    void aJwkSetTokenOfTheAlgorithmNotChosenIsRefusedEvenWithTheRightKid() {
        JwtUserTokenVerifier verifier = verifier(JwtSettings.of(JwtAlgorithm.RS256, jwkSet()));
        assertRefused(verifier, TestKeys.es256(EC, "ec-1", grant().build()));
        JwtUserTokenVerifier ecOnly = verifier(JwtSettings.of(JwtAlgorithm.ES256, jwkSet()));
        assertTrue(ecOnly.verify(TestKeys.es256(EC, "ec-1", grant().build())).isPresent());
        assertRefused(ecOnly, TestKeys.rs256(RSA, "rsa-1", grant().build()));
    }

    // --- issuer and audience

    @Test
    void aConfiguredIssuerMustMatchExactly() {
        JwtUserTokenVerifier verifier = verifier(JwtSettings.of(JwtKeys.hmacSecret(SECRET)).withIssuer("https://id.example"));
        assertTrue(verifier.verify(TestKeys.hs256(SECRET, grant().issuer("https://id.example").build())).isPresent());
        assertRefused(verifier, TestKeys.hs256(SECRET, grant().issuer("https://evil.example").build()));
        assertRefused(verifier, TestKeys.hs256(SECRET, grant().issuer("https://id.example/").build()));
        assertRefused(verifier, TestKeys.hs256(SECRET, grant().build()));
    }

    @Test
    void aConfiguredAudienceMustBeAmongTheTokensAudiences() {
        JwtUserTokenVerifier verifier = verifier(JwtSettings.of(JwtKeys.hmacSecret(SECRET)).withAudience("firmament"));
        assertTrue(verifier.verify(TestKeys.hs256(SECRET, grant().audience("firmament").build())).isPresent());
        assertTrue(verifier.verify(TestKeys.hs256(SECRET, grant().audience(List.of("other", "firmament")).build())).isPresent());
        assertRefused(verifier, TestKeys.hs256(SECRET, grant().audience("other").build()));
        assertRefused(verifier, TestKeys.hs256(SECRET, grant().build()));
    }

    @Test
    void withoutConfiguredIssuerAndAudienceAnyAreAccepted() {
        String token = TestKeys.hs256(SECRET, grant().issuer("https://any.example").audience("anything").build());
        assertTrue(hs256.verify(token).isPresent());
    }

    // --- the grant claims

    @ParameterizedTest(name = "{0}")
    @MethodSource("claimsThatGrantNothing")
    void aTokenWithoutAValidSubjectProjectsOrRoleIsRefused(String description, JWTClaimsSet claims) {
        assertRefused(hs256, TestKeys.hs256(SECRET, claims));
    }

    static Stream<Arguments> claimsThatGrantNothing() {
        return Stream.of(
                Arguments.of("no sub", grant().subject(null).build()),
                Arguments.of("blank sub", grant().subject("   ").build()),
                Arguments.of("sub with a control character", grant().subject("al\u0000ice").build()),
                Arguments.of("sub longer than 255 characters", grant().subject("a".repeat(256)).build()),
                Arguments.of("no projects", grant().claim("projects", null).build()),
                Arguments.of("projects as numeric strings", grant().claim("projects", List.of("1", "7")).build()),
                Arguments.of("projects as one string", grant().claim("projects", "1,7").build()),
                Arguments.of("projects as one number", grant().claim("projects", 1).build()),
                Arguments.of("projects as an object", grant().claim("projects", java.util.Map.of("id", 1)).build()),
                Arguments.of("empty projects", grant().claim("projects", List.of()).build()),
                Arguments.of("a negative project", grant().claim("projects", List.of(1, -7)).build()),
                Arguments.of("project zero", grant().claim("projects", List.of(0)).build()),
                Arguments.of("a fractional project", grant().claim("projects", List.of(1.5)).build()),
                Arguments.of("a project written as 1.0", grant().claim("projects", List.of(1.0)).build()),
                Arguments.of("a project beyond long", grant().claim("projects",
                        List.of(new java.math.BigInteger("99999999999999999999"))).build()),
                Arguments.of("a boolean project", grant().claim("projects", List.of(true)).build()),
                Arguments.of("a null project", grant().claim("projects", Arrays.asList(1, null)).build()),
                Arguments.of("nested projects", grant().claim("projects", List.of(List.of(1))).build()),
                Arguments.of("no role", grant().claim("role", null).build()),
                Arguments.of("an unknown role", grant().claim("role", "admin").build()),
                Arguments.of("a role in capitals", grant().claim("role", "WRITE").build()),
                Arguments.of("an empty role", grant().claim("role", "").build()),
                Arguments.of("a role as a number", grant().claim("role", 1).build()),
                Arguments.of("a role as an array", grant().claim("role", List.of("read")).build()));
    }

    // --- hostile input

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "garbage", "a.b", "a.b.c", "..", "...", "a.b.c.d.e", "Bearer x.y.z",
        "eyJhbGciOiJIUzI1NiJ9.eyJ9.", "eyJhbGciOiJIUzI1NiJ9.e30.e30", "e30.e30.e30", "W10.W10.", "bnVsbA.bnVsbA.",
        "eyJhbGciOiJIUzI1NiJ9.!!!.abc", "ünïcödé.ünïcödé.ünïcödé", "eyJhbGciOiJIUzI1NiJ9\n.e30.e30",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.=="})
    void malformedInputIsRefusedWithoutAnException(String token) {
        assertRefused(hs256, token);
        assertRefused(rs256, token);
    }

    @Test
    void aHeaderOfDeeplyNestedJsonIsRefusedWithoutAnException() {
        int depth = 3000;
        String nested = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        String token = base64Url(nested) + "." + base64Url(grant().build().toString()) + ".c2ln";
        assertTrue(token.length() <= JwtUserTokenVerifier.MAX_TOKEN_LENGTH, "the test must pass the length cap");
        assertRefused(hs256, token);
    }

    @Test
    void aTokenLongerThanTheCapIsRefusedEvenWhenValid() {
        String padding = "x".repeat(JwtUserTokenVerifier.MAX_TOKEN_LENGTH);
        assertRefused(hs256, TestKeys.hs256(SECRET, grant().claim("padding", padding).build()));
        String justUnder = TestKeys.hs256(SECRET, grant().claim("padding", "x".repeat(5_000)).build());
        assertTrue(justUnder.length() <= JwtUserTokenVerifier.MAX_TOKEN_LENGTH);
        assertTrue(hs256.verify(justUnder).isPresent());
    }

    @Test
    void aHugeStringIsRefusedWithoutAnException() {
        assertRefused(hs256, "a".repeat(10_000_000) + ".b.c");
    }

    // --- helpers

    private static JWTClaimsSet.Builder grant() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .expirationTime(at(NOW.plusSeconds(600)))
                .issueTime(at(NOW.minusSeconds(60)))
                .claim("projects", List.of(1, 7))
                .claim("role", "write");
    }

    private static Date at(Instant instant) {
        return Date.from(instant);
    }

    private static JwtUserTokenVerifier verifier(JwtSettings settings) {
        return new JwtUserTokenVerifier(settings, CLOCK);
    }

    private static JwtKeys jwkSet() {
        List<JWK> keys = List.of(
                new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("rsa-1").build(),
                new RSAKey.Builder((RSAPublicKey) OTHER_RSA.getPublic()).keyID("rsa-2").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyID("ec-1").build());
        return JwtKeys.jwkSet(new JWKSet(keys).toString());
    }

    private static MACSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(JwtUserTokenVerifier verifier, String token) {
        assertEquals(Optional.empty(), verifier.verify(token));
    }
}
