package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.persistence.PostgresTestDatabase;
import org.firmament.adapters.storage.S3TestServer;
import org.firmament.bootstrap.AccessControlTest.Endpoint;
import org.firmament.bootstrap.AccessControlTest.Needs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database or the S3 store becomes unreachable under a running server (PostgreSQL and S3Proxy
 * behind a {@link FaultProxy} that goes silent or refuses): every endpoint of every surface answers
 * 503 in its surface's error format within a bound the timeouts set, {@code /health} names the
 * dependency that is down, nothing is half-written, and service resumes by itself once the
 * dependency is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageTest {

    private static final int DB_CONNECTION_TIMEOUT_SECONDS = 2;
    private static final int DB_SOCKET_TIMEOUT_SECONDS = 3;
    private static final int S3_CONNECT_TIMEOUT_SECONDS = 2;
    private static final int S3_READ_TIMEOUT_SECONDS = 3;
    /**
     * The longest a request may take during an outage: a request may wait out a socket timeout on
     * a connection that went silent, then a connection timeout for a fresh one, twice over (a
     * use case's transactions before and after its store call), plus time for a busy machine.
     */
    private static final Duration BOUND = Duration.ofSeconds(2L * (DB_SOCKET_TIMEOUT_SECONDS
            + DB_CONNECTION_TIMEOUT_SECONDS) + 3);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** How the dependency goes away. */
    enum Fault { BLACKHOLE, REFUSE }

    private PersistenceConfig database;
    private S3TestServer s3;
    private FaultProxy databaseLink;
    private FaultProxy storeLink;
    private Path dataDir;
    private FirmamentServer server;
    private Http http;
    private final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    void serverBehindCuttableLinks() throws IOException {
        database = PostgresTestDatabase.INSTANCE.createDatabase();
        s3 = S3TestServer.start();
        java.net.URI postgres = Deployments.hostAndPort(database.jdbcUrl());
        databaseLink = FaultProxy.to(postgres.getHost(), postgres.getPort());
        storeLink = FaultProxy.to("127.0.0.1", java.net.URI.create(s3.endpoint()).getPort());
        Map<String, String> settings = Deployments.postgresAndS3(
                database,
                "http://127.0.0.1:" + storeLink.port());
        settings.put("FIRMAMENT_DB_URL", Deployments.throughPort(database.jdbcUrl(), databaseLink.port()));
        settings.put("FIRMAMENT_DB_CONNECTION_TIMEOUT_SECONDS", String.valueOf(DB_CONNECTION_TIMEOUT_SECONDS));
        settings.put("FIRMAMENT_DB_SOCKET_TIMEOUT_SECONDS", String.valueOf(DB_SOCKET_TIMEOUT_SECONDS));
        settings.put("FIRMAMENT_S3_CONNECT_TIMEOUT_SECONDS", String.valueOf(S3_CONNECT_TIMEOUT_SECONDS));
        settings.put("FIRMAMENT_S3_READ_TIMEOUT_SECONDS", String.valueOf(S3_READ_TIMEOUT_SECONDS));
        // Every request asks the database who the caller is, so a device key is no shortcut around it,
        // and what it decides on: the check-ins answer from what they remember, during an outage too,
        // until their bound (CHECK_IN_CACHE_SECONDS) has them read the catalogue epoch, which fails.
        settings.put("FIRMAMENT_CREDENTIAL_CACHE_SECONDS", "0");
        settings.put("FIRMAMENT_CHECK_IN_CACHE_SECONDS", "0");
        dataDir = Files.createTempDirectory("firmament-outage");
        server = TestServers.start(dataDir, settings);
        http = TestServers.client(server);
        fixtures();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        databaseLink.close();
        storeLink.close();
        s3.close();
        PostgresTestDatabase.INSTANCE.dropDatabase(database);
        TestServers.deleteTree(dataDir);
    }

    @AfterEach
    void restoreLinks() {
        databaseLink.restore();
        storeLink.restore();
        awaitHealthy();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyEndpointAnswers503InItsSurfacesFormatWithinTheBoundWhileTheDatabaseIsDown(Fault fault)
            throws Exception {
        cut(databaseLink, fault);

        List<Outcome> outcomes = callConcurrently(AccessControlTest.ENDPOINTS);
        report("database " + fault, outcomes);

        for (Outcome outcome : outcomes) {
            assertEquals(503, outcome.response().status(), outcome.describe());
            assertTrue(outcome.endpoint().surface().errorShape.test(outcome.response().json()), outcome.describe());
            assertTrue(outcome.took().compareTo(BOUND) <= 0, outcome.describe());
        }
        Outcome health = timed(null, () -> http.withAuthorization(null).get("health"));
        assertEquals(503, health.response().status());
        health.response().expectJson("{\"status\": \"DOWN\", \"checks\": {\"database\": \"DOWN\", \"binaryStore\": \"UP\"}}");
        assertTrue(health.took().compareTo(BOUND) <= 0, health.describe());
        assertEquals(200, http.withAuthorization(null).get("health/live").status(), "alive, only not ready");

        databaseLink.restore();
        awaitHealthy();
        assertEquals(200, http.get("image").status(), "service resumes by itself");
        assertEquals(201, http.postJson("image", "{\"label\":\"after-" + fault + "\",\"fw_version\":\"1.0.0\"}")
                .status());
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyUploadAndDownloadAnswers503InItsSurfacesFormatWithinTheBoundWhileTheStoreIsDown(Fault fault)
            throws Exception {
        List<Endpoint> storeEndpoints = AccessControlTest.ENDPOINTS.stream()
                .filter(endpoint -> endpoint.path().endsWith("}/binary") && !endpoint.method().equals("DELETE")
                        || endpoint.path().startsWith("bundles/files") || endpoint.path().contains("download")
                        || "deploy".equals(endpoint.body()))
                .toList();
        assertEquals(6, storeEndpoints.size(), storeEndpoints.toString());
        String before = state();
        cut(storeLink, fault);

        List<Outcome> outcomes = callConcurrently(storeEndpoints);
        report("store " + fault, outcomes);

        for (Outcome outcome : outcomes) {
            assertEquals(503, outcome.response().status(), outcome.describe());
            assertTrue(outcome.endpoint().surface().errorShape.test(outcome.response().json()), outcome.describe());
            assertTrue(outcome.took().compareTo(BOUND) <= 0, outcome.describe());
        }
        assertEquals(200, http.get("image/" + ids.get("image")).status(), "what needs no binary still works");
        Outcome health = timed(null, () -> http.withAuthorization(null).get("health"));
        health.response().expectJson("{\"status\": \"DOWN\", \"checks\": {\"database\": \"UP\", \"binaryStore\": \"DOWN\"}}");
        assertTrue(health.took().compareTo(BOUND) <= 0, health.describe());

        storeLink.restore();
        awaitHealthy();
        assertEquals(before, state(), "the failed uploads left nothing behind");
        Http.Response download = http.get("image/" + ids.get("image") + "/binary");
        assertEquals(200, download.status(), "service resumes by itself");
        assertEquals("firmware", new String(download.bytes(), StandardCharsets.UTF_8), "the old binary is kept");
    }

    /** The figures docs/reliability.md quotes, in the test's output. */
    private static void report(String outage, List<Outcome> outcomes) {
        long slowest = outcomes.stream().mapToLong(outcome -> outcome.took().toMillis()).max().orElse(0);
        long median = outcomes.stream().mapToLong(outcome -> outcome.took().toMillis()).sorted()
                .skip(outcomes.size() / 2).findFirst().orElse(0);
        System.out.println("OutageTest: " + outage + ": " + outcomes.size() + " requests at once, median " + median
                + " ms, slowest " + slowest + " ms");
    }

    private static void cut(FaultProxy link, Fault fault) {
        if (fault == Fault.BLACKHOLE) {
            link.blackhole();
        } else {
            link.refuse();
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (http.withAuthorization(null).get("health").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not healthy again within " + RECOVERY);
            }
            sleep(100);
        }
    }

    record Outcome(Endpoint endpoint, Http.Response response, Duration took) {

        String describe() {
            return endpoint + " answered " + response.status() + " after " + took.toMillis() + " ms: "
                    + new String(response.bytes(), StandardCharsets.UTF_8);
        }
    }

    private Outcome timed(Endpoint endpoint, java.util.function.Supplier<Http.Response> call) {
        long start = System.nanoTime();
        Http.Response response = call.get();
        return new Outcome(endpoint, response, Duration.ofNanos(System.nanoTime() - start));
    }

    /** All at once, as clients keep coming during an outage: each must still be answered within the bound. */
    private List<Outcome> callConcurrently(List<Endpoint> endpoints) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(endpoints.size());
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                pending.add(clients.submit(() -> timed(endpoint, () -> call(endpoint))));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : pending) {
                outcomes.add(outcome.get());
            }
            return outcomes;
        } finally {
            clients.shutdownNow();
        }
    }

    private Http.Response call(Endpoint endpoint) {
        boolean asDevice = endpoint.needs() == Needs.THE_DEVICE || endpoint.needs() == Needs.DEVICE;
        Http client = asDevice ? http.withAuthorization("Bearer " + ids.get("tokenOfB")) : http;
        String path = endpoint.path();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        path = path.replace("{tokenOfA}", ids.get("tokenOfB"));
        if ("upload".equals(endpoint.body())) {
            return client.postFile(path, "image", "new.bin", "replacement".getBytes(StandardCharsets.UTF_8));
        }
        if ("deploy".equals(endpoint.body())) {
            return client.postForm(path, List.of(Http.Part.firmware("new ota".getBytes(StandardCharsets.UTF_8)),
                    Http.Part.field("device", "device-b"), Http.Part.field("token", ids.get("tokenOfB")),
                    Http.Part.field("version", "2.0.0")));
        }
        HttpRequest.Builder request = client.request(path);
        if (endpoint.body() == null) {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(endpoint.body()));
        }
        return client.send(request.build());
    }

    /** What the endpoints under test would change: the audit log, the images and their binaries. */
    private String state() {
        return http.get("api/management/v1/projects/1/audit?limit=1").json().get("total") + "/"
                + http.get("image").json() + "/" + http.get("v1/ota/device").json().get("data");
    }

    private void fixtures() {
        String management = "api/management/v1/projects/";
        ids.put("emptyProject", created(http.postJson(management, "{\"name\":\"empty\"}")).get("id").asText());
        ids.put("readKeyId", created(http.postJson(management + "1/keys", "{\"name\":\"r\",\"role\":\"read\"}"))
                .get("id").asText());
        JsonNode deviceB = created(http.postJson(management + "1/devices", "{\"id\":\"device-b\",\"deviceClass\":\"gate\"}"));
        ids.put("deviceB", "device-b");
        ids.put("tokenOfB", deviceB.get("apiKey").asText());
        String image = created(http.postJson("image", "{\"label\":\"fw\",\"fw_version\":\"1.0.0\"}")).get("id").asText();
        ids.put("image", image);
        assertEquals(200, http.postFile("image/" + image + "/binary", "image", "fw.bin",
                "firmware".getBytes(StandardCharsets.UTF_8)).status());
        JsonNode bundle = created(http.postJson("bundles", "{\"name\":\"gate\",\"deviceClass\":\"gate\",\"projectId\":1,"
                + "\"components\":[{\"versionId\":\"" + image + "\"}]}"));
        ids.put("bundle", bundle.get("id").asText());
        String signedLink = java.net.URI.create(bundle.get("components").get(0).get("url").asText()).getRawQuery();
        for (String parameter : signedLink.split("&")) {
            ids.put(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        }
        created(http.postJson(management + "1/firmware-types", "{\"name\":\"empty-type\",\"versionScheme\":\"opaque\"}"));
        assertEquals(201, http.postForm("v1/ota/device", List.of(Http.Part.firmware("ota".getBytes(StandardCharsets.UTF_8)),
                Http.Part.field("device", "device-b"), Http.Part.field("token", ids.get("tokenOfB")),
                Http.Part.field("version", "1.0.0"))).status());
        Http.Response offered = http.withAuthorization("Bearer " + ids.get("tokenOfB")).get("api/devices/v1/updates");
        assertEquals(200, offered.status(), new String(offered.bytes(), StandardCharsets.UTF_8));
        ids.put("updateOfB", offered.json().get("id").asText());
    }

    private static JsonNode created(Http.Response response) {
        assertTrue(response.status() == 200 || response.status() == 201, new String(response.bytes(), StandardCharsets.UTF_8));
        return response.json();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
