package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} with {@code FIRMAMENT_METRICS_TOKEN} set: only a scraper with that token reads the meters. */
class MetricsTokenTest extends RunningServerTest {

    private static final String METRICS_TOKEN = "scraper-token-0123456789";

    @Override
    Map<String, String> settings() {
        return Map.of("FIRMAMENT_METRICS_TOKEN", METRICS_TOKEN);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Bearer " + METRICS_TOKEN, "bearer " + METRICS_TOKEN, "BEARER  " + METRICS_TOKEN + " "})
    void aScraperWithTheTokenReadsTheMeters(String authorization) {
        Http.Response metrics = http.withAuthorization(authorization).get("/metrics");

        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
        assertTrue(new String(metrics.bytes(), StandardCharsets.UTF_8).contains("http_server_requests_seconds"));
    }

    @Test
    void withoutACredentialTheAnswerIs401AskingForABearerToken() {
        Http.Response refused = http.withAuthorization(null).get("/metrics");

        assertRefused(refused, "metrics need the metrics token");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "Bearer " + TestServers.ADMIN_TOKEN,
        "Bearer scraper-token-012345678",
        "Bearer scraper-token-01234567890",
        "ModeCloud " + METRICS_TOKEN,
        "Basic c2NyYXBlcjp0b2tlbg==",
        METRICS_TOKEN,
    })
    void anyOtherCredentialIsRefusedEvenTheAdminToken(String authorization) {
        Http.Response refused = http.withAuthorization(authorization).get("/metrics");

        assertRefused(refused, "the metrics token is not valid");
    }

    private static void assertRefused(Http.Response refused, String reason) {
        assertEquals(401, refused.status());
        assertEquals("Bearer realm=\"metrics\"", refused.header("WWW-Authenticate"));
        String body = new String(refused.bytes(), StandardCharsets.UTF_8);
        assertEquals(reason + "\n", body);
        assertFalse(body.contains("http_server_requests"), "no meter leaks into the refusal");
    }
}
