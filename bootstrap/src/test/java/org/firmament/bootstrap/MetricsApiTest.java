package org.firmament.bootstrap;

import static org.firmament.bootstrap.Scrapes.scrape;
import static org.firmament.bootstrap.Scrapes.series;
import static org.firmament.bootstrap.Scrapes.until;
import static org.firmament.bootstrap.Scrapes.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over real HTTP: what an operator's Prometheus scrapes after real requests. */
class MetricsApiTest extends RunningServerTest {

    private static final String REQUESTS = "http_server_requests_seconds_count";

    @Test
    void metricsArePublicAndInThePrometheusTextFormat() {
        Http.Response metrics = http.withAuthorization(null).get("/metrics");
        assertEquals(200, metrics.status());
        String type = metrics.header("Content-Type").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4") && type.contains("charset=utf-8"),
                type);
        assertTrue(scrape(http).contains("# TYPE " + REQUESTS.replace("_count", "") + " histogram"), scrape(http));
    }

    @Test
    void requestsToTwoDifferentImagesAreOneSeriesLabelledWithTheRouteTemplate() {
        String first = createImage("route-a");
        String second = createImage("route-b");
        Map<String, String> labels = Map.of("method", "GET", "route", "/image/{imageId}", "status", "200");
        double before = value(scrape(http), REQUESTS, labels);

        assertEquals(200, http.get("/image/" + first).status());
        assertEquals(200, http.get("/image/" + second).status());

        String after = until(http, text -> value(text, REQUESTS, labels) >= before + 2);
        assertEquals(before + 2, value(after, REQUESTS, labels));
        assertEquals(1, series(after, REQUESTS, labels).size());
        assertFalse(after.contains(first) || after.contains(second), "no raw id becomes a label value");
    }

    @Test
    void aRequestRefusedByTheCredentialFilterCountsAs401Unmatched() {
        Map<String, String> labels = Map.of("method", "GET", "route", "UNMATCHED", "status", "401");
        double before = value(scrape(http), REQUESTS, labels);

        assertEquals(401, http.withAuthorization(null).get("/image").status());

        String after = until(http, text -> value(text, REQUESTS, labels) >= before + 1);
        assertEquals(before + 1, value(after, REQUESTS, labels));
    }

    @Test
    void aNotFoundAnsweredByTheExceptionMapperCountsAs404OnItsRoute() {
        Map<String, String> labels = Map.of("method", "GET", "route", "/image/{imageId}", "status", "404");
        Map<String, String> unmatched = Map.of("method", "GET", "route", "UNMATCHED", "status", "404");
        double before = value(scrape(http), REQUESTS, labels);
        double unmatchedBefore = value(scrape(http), REQUESTS, unmatched);

        assertEquals(404, http.get("/image/b60aa5e9-cbe6-4b51-b76c-08cf8273db07").status());
        assertEquals(404, http.get("/image/no/such/path").status());

        String after = until(http, text -> value(text, REQUESTS, labels) >= before + 1
                && value(text, REQUESTS, unmatched) >= unmatchedBefore + 1);
        assertEquals(before + 1, value(after, REQUESTS, labels));
        assertEquals(unmatchedBefore + 1, value(after, REQUESTS, unmatched));
    }

    @Test
    void theRequestTimerHasBucketsFineEnoughForMillisecondPolls() {
        http.get("/health/live");
        String text = scrape(http);
        Map<String, String> live = Map.of("route", "/health/live", "status", "200", "le", "0.001");
        assertEquals(1, series(text, "http_server_requests_seconds_bucket", live).size(), text);
        assertEquals(1, series(text, "http_server_requests_seconds_max", Map.of("route", "/health/live")).size());
        assertEquals(1, series(text, "http_server_requests_seconds_sum", Map.of("route", "/health/live")).size());
    }

    @Test
    void aBinaryDownloadAddsItsSizeToTheDownloadedBytes() {
        String id = createImage("download");
        byte[] binary = new byte[200_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "image.hex", binary).status());
        double before = value(scrape(http), "firmament_download_bytes_total", Map.of());

        Http.Response download = http.get("/image/" + id + "/binary");

        assertArrayEquals(binary, download.bytes());
        String after = until(http, text -> value(text, "firmament_download_bytes_total", Map.of()) >= before + binary.length
                && value(text, "firmament_downloads_in_flight", Map.of()) == 0);
        assertEquals(before + binary.length, value(after, "firmament_download_bytes_total", Map.of()));
        assertEquals(0, value(after, "firmament_downloads_in_flight", Map.of()), "the download has finished");
    }

    @Test
    void theDatabasePoolIsExposedUnderHikarisMetricNames() {
        String text = scrape(http);
        Map<String, String> pool = Map.of("pool", "firmament-db");
        assertEquals(10, value(text, "hikaricp_connections_max", pool), "DB_POOL_SIZE defaults to 10");
        assertTrue(value(text, "hikaricp_connections", pool) >= 1, "the pool holds at least one connection");
        for (String gauge : List.of("hikaricp_connections_active", "hikaricp_connections_idle",
                "hikaricp_connections_pending")) {
            assertEquals(1, series(text, gauge, pool).size(), gauge);
        }
    }

    @Test
    void jvmMemoryAndThreadsAreExposed() {
        String text = scrape(http);
        assertTrue(value(text, "jvm_memory_used_bytes", Map.of("area", "heap")) > 0, "some heap is used");
        assertTrue(value(text, "jvm_threads_live_threads", Map.of()) > 0);
        assertFalse(series(text, "jvm_gc_memory_allocated_bytes_total", Map.of()).isEmpty());
    }

    private String createImage(String label) {
        Http.Response created = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(201, created.status());
        return created.json().get("id").asText();
    }
}
