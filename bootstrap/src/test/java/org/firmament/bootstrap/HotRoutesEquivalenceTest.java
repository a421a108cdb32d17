package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hot routes answer byte for byte what Jersey answers: the same raw requests go to a server
 * with the hot routes and to one without (the normal path), both over one in-memory database and
 * one store, and every response (status line, headers but {@code Date}, body) must be equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotRoutesEquivalenceTest {

    private static final String CHECK_IN = "/api/devices/v1/updates";

    private Path dataDir;
    private FirmamentServer hot;
    private FirmamentServer normal;
    private String deviceKey;
    private String otherClassDeviceKey;
    private String projectKey;
    private FirmamentServer fromMemory;

    @BeforeAll
    void startBothServers() throws IOException {
        dataDir = Files.createTempDirectory("firmament-hot");
        Map<String, String> env = new HashMap<>();
        env.put("FIRMAMENT_HTTP_PORT", "0");
        env.put("FIRMAMENT_DATA_DIR", dataDir.toString());
        env.put("FIRMAMENT_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
        env.put("FIRMAMENT_DB_URL", "jdbc:h2:mem:hot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        // Neither server may answer from what it remembers of the other's changes.
        env.put("FIRMAMENT_CREDENTIAL_CACHE_SECONDS", "0");
        env.put("FIRMAMENT_CHECK_IN_CACHE_SECONDS", "0");
        // Links' expiry moves in steps of a tenth of their lifetime; the longest makes a step
        // (16.8 h) fall between the two servers' answers practically never.
        env.put("FIRMAMENT_DOWNLOAD_URL_SECONDS", "604800");
        hot = FirmamentServer.start(FirmamentConfig.from(Map.of(), env), true);
        normal = FirmamentServer.start(FirmamentConfig.from(Map.of(), env), false);
        // The same database, remembering: its repeat check-ins are answered from memory on the selector thread.
        Map<String, String> remembering = new HashMap<>(env);
        remembering.put("FIRMAMENT_CREDENTIAL_CACHE_SECONDS", "60");
        remembering.put("FIRMAMENT_CHECK_IN_CACHE_SECONDS", "60");
        fromMemory = FirmamentServer.start(FirmamentConfig.from(Map.of(), remembering), true);

        Http admin = TestServers.client(hot);
        String image = admin.postJson("/image/", "{\"label\": \"hot_type\", \"fw_version\": \"1.2.3\"}")
                .json().get("id").asText();
        assertEquals(200, admin.postFile("/image/" + image + "/binary", "image", "fw.bin",
                "firmware bytes".getBytes(StandardCharsets.US_ASCII)).status());
        assertEquals(201, admin.postJson("/bundles", "{\"name\": \"hot_bundle\", \"deviceClass\": \"lamp\", "
                + "\"projectId\": 1, \"components\": [{\"versionId\": \"" + image + "\"}]}").status());
        deviceKey = admin.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"lamp\"}")
                .json().get("apiKey").asText();
        otherClassDeviceKey = admin.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"fan\"}")
                .json().get("apiKey").asText();
        projectKey = admin.postJson("/api/management/v1/projects/1/keys", "{\"name\": \"ci\", \"role\": \"read\"}")
                .json().get("key").asText();
    }

    @AfterAll
    void stopBothServers() {
        fromMemory.close();
        hot.close();
        normal.close();
        TestServers.deleteTree(dataDir);
    }

    @Test
    void everyVariantOfACheckInAndALivenessCheckGetsTheNormalPathsAnswer() throws IOException {
        List<String> requests = new ArrayList<>();
        List<String> credentials = List.of("", "Authorization: Bearer " + deviceKey,
                "Authorization: ModeCloud " + deviceKey, "Authorization: bearer   " + deviceKey + "  ",
                "Authorization: Bearer " + otherClassDeviceKey, "Authorization: Bearer " + TestServers.ADMIN_TOKEN,
                "Authorization: Bearer " + projectKey, "Authorization: Bearer " + "x".repeat(43),
                "Authorization: Bearer not-a-key", "Authorization: Basic " + deviceKey, "Authorization: Bearer",
                "Authorization: Bearer header.payload.signature", "Authorization:\r\nAuthorization: Bearer " + deviceKey,
                "Authorization: Bearer " + deviceKey + "\r\nAuthorization: Bearer " + deviceKey);
        List<String> targets = List.of("/bundles", "/bundles?projectId=1&deviceClass=lamp", "/bundles?",
                "/bundles/", "/health/live", "/health/live?x=1", "/health/live/");
        List<String> accepts = List.of("", "Accept: */*", "Accept: application/json", "Accept: text/plain",
                "Accept: application/json;q=0.5, text/html", "Accept: application/xml");
        for (String method : List.of("GET", "HEAD")) {
            for (String target : targets) {
                for (String credential : credentials) {
                    for (String accept : accepts) {
                        requests.add(request(method, target, "Host: {host}", credential, accept));
                    }
                }
            }
        }
        for (String host : List.of("Host: example.com", "Host: example.com:8443", "Host: [::1]:9000",
                "Host: EXAMPLE.com.", "Host: a b", "Host: é.example")) {
            requests.add(request("GET", "/bundles", host, "Authorization: Bearer " + deviceKey, ""));
        }
        requests.add(request("GET", "/bundles", "Host: {host}", "Authorization: Bearer " + deviceKey,
                "X-Firmament-Project: banana"));
        requests.add(request("GET", "/bundles", "Host: {host}", "Authorization: Bearer " + deviceKey,
                "X-Firmament-Project: 2"));
        requests.add(request("POST", "/bundles", "Host: {host}", "Authorization: Bearer " + deviceKey,
                "Content-Length: 0"));

        int checked = 0;
        for (String request : requests) {
            String fromHot = exchange(hot.baseUri(), request);
            String fromNormal = exchange(normal.baseUri(), request);
            assertEquals(fromNormal, fromHot, "for the request\n" + request);
            checked++;
        }
        assertTrue(checked > 1000, "all variants compared");
        String checkIn = exchange(hot.baseUri(), request("GET", "/bundles", "Host: {host}",
                "Authorization: Bearer " + deviceKey, ""));
        assertTrue(checkIn.startsWith("HTTP/1.1 200") && checkIn.contains("hot_bundle"), checkIn);
    }

    @Test
    void everyVariantOfADeviceApiCheckInGetsTheNormalPathsAnswerButForThePollDelaysJitter() throws IOException {
        String offer = exchange(normal.baseUri(), request("GET", CHECK_IN, "Host: {host}",
                "Authorization: Bearer " + deviceKey, ""));
        assertTrue(offer.startsWith("HTTP/1.1 200"), offer);
        String etag = offer.lines().filter(line -> line.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        String bundleId = TestServers.client(hot).get("/bundles?projectId=1&deviceClass=lamp").json().get(0)
                .get("id").asText();
        List<String> credentials = List.of("", "Authorization: Bearer " + deviceKey,
                "Authorization: ModeCloud " + deviceKey, "Authorization: bearer   " + deviceKey + "  ",
                "Authorization: Bearer " + otherClassDeviceKey, "Authorization: Bearer " + TestServers.ADMIN_TOKEN,
                "Authorization: Bearer " + projectKey, "Authorization: Bearer " + "x".repeat(43),
                "Authorization: Bearer not-a-key", "Authorization: Basic " + deviceKey, "Authorization: Bearer",
                "Authorization: Bearer " + deviceKey + "\r\nAuthorization: Bearer " + deviceKey);
        List<String> targets = List.of(CHECK_IN, CHECK_IN + "?", CHECK_IN + "/", CHECK_IN + "?installed=hot_type:1.0.0",
                CHECK_IN + "?installed=hot_type:1.2.3", CHECK_IN + "?installed=hot_type:1.0.0&installed=other:2.0",
                CHECK_IN + "?installed=hot_type:1.0.0&installed=hot_type:1.0.1", CHECK_IN + "?installed=",
                CHECK_IN + "?installed=hot_type", CHECK_IN + "?installed=hot_type%3A1.0.0", CHECK_IN + "?installed",
                CHECK_IN + "?bundle=" + bundleId, CHECK_IN + "?bundle=not-a-bundle", CHECK_IN + "?bundle=&x=1",
                CHECK_IN + "?unknown=1", CHECK_IN + "?bundle=" + bundleId + "&bundle=x");
        List<String> conditions = List.of("", "If-None-Match: " + etag, "If-None-Match: *",
                "If-None-Match: \"other\", " + etag.substring(2), "If-None-Match: W/\"other\"");
        List<String> requests = new ArrayList<>();
        for (String target : targets) {
            for (String credential : credentials) {
                for (String condition : conditions) {
                    requests.add(request("GET", target, "Host: {host}", credential, condition));
                }
            }
        }
        for (String accept : List.of("Accept: */*", "Accept: application/json", "Accept: text/plain",
                "Accept: application/problem+json")) {
            requests.add(request("GET", CHECK_IN, "Host: {host}", "Authorization: Bearer " + deviceKey, accept));
        }
        requests.add(request("HEAD", CHECK_IN, "Host: {host}", "Authorization: Bearer " + deviceKey, ""));
        requests.add(request("GET", CHECK_IN, "Host: example.com:8443", "Authorization: Bearer " + deviceKey, ""));
        for (String request : requests) {
            assertEquals(withoutJitter(exchange(normal.baseUri(), request)),
                    withoutJitter(exchange(hot.baseUri(), request)), "for the request\n" + request);
        }
        String statuses = requests.stream().map(request -> {
            try {
                return exchange(hot.baseUri(), request).substring(9, 12);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).distinct().sorted().collect(Collectors.joining(","));
        for (String status : List.of("200", "204", "304", "400", "401", "403")) {
            assertTrue(statuses.contains(status), statuses);
        }
        String metrics = Scrapes.until(TestServers.client(hot), text -> List.of("200", "204", "304").stream()
                .allMatch(status -> text.contains("route=\"" + CHECK_IN + "\",status=\"" + status + "\"")));
        for (String status : List.of("200", "204", "304")) {
            assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\",route=\"" + CHECK_IN
                    + "\",status=\"" + status + "\"}"), metrics);
        }
    }

    /** The suggested poll delay is spread at random (and the next poll time moves with the clock). */
    private static String withoutJitter(String response) {
        return response.replaceAll("Retry-After: \\d+", "Retry-After: {delay}")
                .replaceAll("\"pollAfterSeconds\":\\d+", "\"pollAfterSeconds\":{delay}")
                .replaceAll("\"nextPollAt\":\"[^\"]*\"", "\"nextPollAt\":{time}")
                .replaceAll("(?m)^Content-Length: \\d+$", "Content-Length: {length}");
    }

    @Test
    void repeatCheckInsAnsweredFromMemoryOnTheSelectorThreadGetTheNormalPathsAnswer() throws IOException {
        String offer = exchange(normal.baseUri(), request("GET", CHECK_IN, "Host: {host}",
                "Authorization: Bearer " + deviceKey, ""));
        String etag = offer.lines().filter(line -> line.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        List<String> requests = new ArrayList<>();
        for (String key : List.of(deviceKey, otherClassDeviceKey, projectKey, "x".repeat(43))) {
            for (String target : List.of("/bundles", "/bundles?projectId=1&deviceClass=lamp", CHECK_IN,
                    CHECK_IN + "?installed=hot_type:1.0.0", CHECK_IN + "?installed=hot_type:1.2.3", CHECK_IN + "?x=1")) {
                for (String condition : List.of("", "If-None-Match: " + etag, "Accept: text/plain")) {
                    for (String host : List.of("Host: {host}", "Host: example.com:8443")) {
                        requests.add(request("GET", target, host, "Authorization: Bearer " + key, condition));
                    }
                }
            }
        }
        double before = fromMemoryCount();
        for (String request : requests) {
            exchange(fromMemory.baseUri(), request);
        }
        double warmed = fromMemoryCount();
        for (String request : requests) {
            for (int repeat = 0; repeat < 2; repeat++) {
                assertEquals(withoutJitter(exchange(normal.baseUri(), request)),
                        withoutJitter(exchange(fromMemory.baseUri(), request)), "for the request\n" + request);
            }
        }
        double answered = fromMemoryCount() - warmed;
        // Remembered and answered on the selector: the device check-ins HotRoutes answers (two devices,
        // four targets, two conditions, two hosts: 32 a round, two rounds), but for an epoch read
        // falling due, which one of them then leaves to a worker.
        assertTrue(answered >= 32, "answered from memory: " + answered + " (before " + before + ")");
    }

    @Test
    void everyVariantOfASeed003PollGetsTheNormalPathsAnswer_andRepeatPollsAreAnsweredFromMemory() throws IOException {
        Http admin = TestServers.client(hot);
        JsonNode deployedTo = admin.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"clock\"}")
                .json();
        String withVersion = deployedTo.get("id").asText();
        assertEquals(201, admin.postForm("/v1/ota/device", List.of(Http.Part.field("device", withVersion),
                Http.Part.field("token", deployedTo.get("apiKey").asText()), Http.Part.field("version", "1.2.7"),
                Http.Part.firmware("clock firmware".getBytes(StandardCharsets.US_ASCII)))).status());
        String withoutVersion = admin.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"clock\"}")
                .json().get("id").asText();
        String latest = "/v1/ota/device/latest/";
        List<String> targets = List.of(latest + withVersion, latest + withoutVersion, latest + "unknown-device",
                latest + withVersion + "?x=1", latest + withVersion + "/", latest, latest + "%2E%2E",
                latest + "%" + Integer.toHexString(withVersion.charAt(0)) + withVersion.substring(1),
                latest + withVersion + ";v=1", latest + "x".repeat(300), "/v1/ota/device/latest");
        List<String> credentials = List.of("", "Authorization: Bearer " + deviceKey,
                "Authorization: Bearer not-a-key", "Authorization: Bearer " + TestServers.ADMIN_TOKEN,
                "Authorization:\r\nAuthorization: Bearer not-a-key");
        List<String> accepts = List.of("", "Accept: */*", "Accept: application/json", "Accept: text/plain",
                "Accept: application/octet-stream");
        List<String> requests = new ArrayList<>();
        for (String method : List.of("GET", "HEAD")) {
            for (String target : targets) {
                for (String credential : credentials) {
                    for (String accept : accepts) {
                        requests.add(request(method, target, "Host: {host}", credential, accept));
                    }
                }
            }
        }
        for (String request : requests) {
            assertEquals(exchange(normal.baseUri(), request), exchange(hot.baseUri(), request),
                    "for the request\n" + request);
        }
        // The route answers only what is remembered: the server that remembers is where it answers.
        double answered = compareFromMemory(requests);
        assertTrue(answered >= 2, "the plain polls (three Accept variants) answered from memory: " + answered);
        String poll = request("GET", latest + withVersion, "Host: {host}", "", "");
        String answer = exchange(hot.baseUri(), poll);
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("{\"ver\":\"1.2.7\"}"), answer);
        String metrics = Scrapes.until(TestServers.client(hot),
                text -> text.contains("route=\"/v1/ota/device/latest/{deviceId}\",status=\"200\""));
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\","
                + "route=\"/v1/ota/device/latest/{deviceId}\",status=\"200\"}"), metrics);

        assertEquals(answer, exchange(fromMemory.baseUri(), poll));
        double warmed = fromMemoryCount();
        for (int repeat = 0; repeat < 3; repeat++) {
            assertEquals(answer, exchange(fromMemory.baseUri(), poll));
        }
        // One of the three may fall on an epoch read, which leaves it to a worker.
        assertTrue(fromMemoryCount() - warmed >= 2, "answered from memory on the selector thread");
    }

    @Test
    void everyVariantOfASeed000DeviceCheckGetsTheNormalPathsAnswer_andRepeatChecksAreAnsweredFromMemory()
            throws IOException {
        Http admin = TestServers.client(hot);
        for (String version : List.of("a", "b")) {
            assertEquals(201, admin.postJson("/api/v1/firmware", "{\"type\": \"hotlock\", \"version\": \""
                    + version + "\", \"url\": \"https://cdn.example.com/" + version + ".bin\"}").status());
        }
        String check = "/api/v1/firmware/check";
        List<String> targets = List.of(check + "?type=hot_type&version=1.0.0", check + "?type=hot_type&version=1.2.3",
                check + "?type=hotlock&version=a", check + "?version=b&type=hotlock", check + "?type=OKM&version=1",
                check + "?type=nope&version=1", check + "?type=OKM&version=1.0", check + "?type=&version=1",
                check + "?version=1", check + "?type=OKM", check + "?type=OKM&version=1&x=2",
                check + "?type=OKM&type=IR4KEY&version=1", check + "?type=hot%5Ftype&version=1.0.0",
                check + "?type=hotlock&version=a+", check + "?type=hotlock&version=%20", check, check + "?",
                check + "/", check + "?type=hotlock&version=a&");
        List<String> credentials = List.of("", "Authorization: Bearer " + deviceKey,
                "Authorization: bearer   " + deviceKey + "  ", "Authorization: Bearer " + otherClassDeviceKey,
                "Authorization: Bearer " + TestServers.ADMIN_TOKEN, "Authorization: Bearer " + projectKey,
                "Authorization: Bearer " + "x".repeat(43), "Authorization: Basic " + deviceKey,
                "Authorization: Bearer " + deviceKey + "\r\nAuthorization: Bearer " + deviceKey);
        List<String> requests = new ArrayList<>();
        for (String target : targets) {
            for (String credential : credentials) {
                requests.add(request("GET", target, "Host: {host}", credential, ""));
            }
        }
        for (String other : List.of("Accept: text/plain", "Accept: application/json", "Accept: */*",
                "Host: example.com:8443", "X-Firmament-Project: 2")) {
            String header = other.startsWith("Host:") ? other : "Host: {host}";
            requests.add(request("GET", targets.get(0), header, "Authorization: Bearer " + deviceKey,
                    other.startsWith("Host:") ? "" : other));
        }
        requests.add(request("HEAD", targets.get(0), "Host: {host}", "Authorization: Bearer " + deviceKey, ""));
        for (String request : requests) {
            assertEquals(exchange(normal.baseUri(), request), exchange(hot.baseUri(), request),
                    "for the request\n" + request);
        }
        String newer = request("GET", targets.get(0), "Host: {host}", "Authorization: Bearer " + deviceKey, "");
        String answer = exchange(hot.baseUri(), newer);
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("A newer firmware is available")
                && answer.contains("/downloads/1/"), answer);
        String metrics = Scrapes.until(TestServers.client(hot),
                text -> text.contains("route=\"/api/v1/firmware/check\",status=\"200\""));
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\","
                + "route=\"/api/v1/firmware/check\",status=\"200\"}"), metrics);

        String upToDate = request("GET", targets.get(1), "Host: {host}", "Authorization: Bearer " + deviceKey, "");
        assertEquals(exchange(normal.baseUri(), upToDate), exchange(fromMemory.baseUri(), upToDate));
        double warmed = fromMemoryCount();
        for (int repeat = 0; repeat < 3; repeat++) {
            assertEquals(exchange(normal.baseUri(), upToDate), exchange(fromMemory.baseUri(), upToDate));
        }
        // One of the three may fall on an epoch read, which leaves it to a worker.
        assertTrue(fromMemoryCount() - warmed >= 2, "answered from memory on the selector thread");
    }

    @Test
    void everyVariantOfAnAnonymousBundlesPollGetsTheNormalPathsAnswer_andRepeatPollsAreAnsweredFromMemory()
            throws IOException {
        Http admin = TestServers.client(hot);
        String project = admin.postJson("/api/management/v1/projects", "{\"name\": \"hot_public\", "
                + "\"publicOta\": true}").json().get("id").asText();
        for (String channel : List.of("stable", "beta")) {
            assertEquals(201, admin.postJson("/bundles", "{\"name\": \"kiosk_" + channel + "\", \"deviceClass\": "
                    + "\"kiosk\", \"projectId\": " + project + ", \"channel\": \"" + channel + "\", "
                    + "\"components\": []}").status());
        }
        String bundles = "/bundles?projectId=" + project + "&deviceClass=kiosk";
        List<String> targets = List.of(bundles, bundles + "&channel=stable", bundles + "&channel=beta",
                bundles + "&channel=nope", bundles + "&channel=", "/bundles?projectId=" + project + "&deviceClass=made_up",
                "/bundles?deviceClass=kiosk&projectId=" + project, "/bundles?projectId=1&deviceClass=lamp",
                "/bundles?projectId=999&deviceClass=kiosk", "/bundles?projectId=abc&deviceClass=kiosk",
                "/bundles?projectId=" + project, bundles + "&x=1", bundles + "&deviceClass=other",
                "/bundles?projectId=" + project + "&deviceClass=ki%6Fsk", "/bundles?projectId=0" + project
                + "&deviceClass=kiosk", bundles + "&channel=BETA", "/bundles?projectId=" + project
                + "&deviceClass=" + "k".repeat(300));
        List<String> credentials = List.of("", "Authorization: Bearer " + deviceKey, "Authorization: Bearer not-a-key",
                "Authorization: Bearer " + TestServers.ADMIN_TOKEN, "Authorization:\r\nAuthorization: Bearer not-a-key",
                "Authorization: Bearer " + deviceKey + "\r\nAuthorization:");
        List<String> requests = new ArrayList<>();
        for (String target : targets) {
            for (String credential : credentials) {
                requests.add(request("GET", target, "Host: {host}", credential, ""));
            }
        }
        for (String other : List.of("Accept: text/plain", "Accept: application/json", "Accept: */*",
                "X-Firmament-Project: 1")) {
            requests.add(request("GET", bundles, "Host: {host}", other));
        }
        requests.add(request("GET", bundles, "Host: example.com:8443"));
        requests.add(request("HEAD", bundles, "Host: {host}"));
        for (String request : requests) {
            assertEquals(exchange(normal.baseUri(), request), exchange(hot.baseUri(), request),
                    "for the request\n" + request);
        }
        // The route answers only what is remembered: the server that remembers is where it answers.
        double answered = compareFromMemory(requests);
        assertTrue(answered >= 6, "the remembered offers (the plain poll, both channels, other parameter orders "
                + "and forms, Accept and Host variants) answered from memory: " + answered);
        String poll = request("GET", bundles, "Host: {host}");
        String answer = exchange(hot.baseUri(), poll);
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("kiosk_stable")
                && !answer.contains("kiosk_beta"), answer);

        assertEquals(answer, exchange(fromMemory.baseUri(), poll));
        double warmed = fromMemoryCount();
        for (int repeat = 0; repeat < 3; repeat++) {
            assertEquals(answer, exchange(fromMemory.baseUri(), poll));
        }
        // One of the three may fall on an epoch read, which leaves it to a worker.
        assertTrue(fromMemoryCount() - warmed >= 2, "answered from memory on the selector thread");
    }

    /**
     * Sends every request to the server that remembers twice, comparing the second answer with the
     * normal path's: by then the hot routes answer from memory wherever they can. Answers how many
     * of the second round they did.
     */
    private double compareFromMemory(List<String> requests) throws IOException {
        for (String request : requests) {
            exchange(fromMemory.baseUri(), request);
        }
        double warmed = fromMemoryCount();
        for (String request : requests) {
            assertEquals(exchange(normal.baseUri(), request), exchange(fromMemory.baseUri(), request),
                    "from memory, for the request\n" + request);
        }
        return fromMemoryCount() - warmed;
    }

    private double fromMemoryCount() {
        String metrics = new String(TestServers.client(fromMemory).get("/metrics").bytes(), StandardCharsets.UTF_8);
        return metrics.lines().filter(line -> line.startsWith("firmament_check_ins_from_memory_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
    }

    @Test
    void aHostJerseyCannotBuildURIsFromIsA400WithoutAStackTrace() throws IOException {
        for (FirmamentServer server : List.of(hot, normal)) {
            for (String target : List.of("/bundles", "/health/live", "/image/")) {
                String response = exchange(server.baseUri(), request("GET", target, "Host: a b",
                        "Authorization: Bearer " + deviceKey, ""));
                assertTrue(response.startsWith("HTTP/1.1 400"), response);
                assertTrue(!response.contains("Exception"), response);
            }
        }
    }

    @Test
    void aChangedOfferIsAnsweredAtOnceNotFromAnEarlierRender() throws IOException {
        Http admin = TestServers.client(hot);
        String bundleId = admin.postJson("/bundles", "{\"name\": \"before_change\", \"deviceClass\": \"kettle\", "
                + "\"projectId\": 1, \"components\": []}").json().get("id").asText();
        String key = admin.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"kettle\"}")
                .json().get("apiKey").asText();
        String checkIn = request("GET", "/bundles", "Host: {host}", "Authorization: Bearer " + key, "");
        assertTrue(exchange(hot.baseUri(), checkIn).contains("before_change"));
        assertEquals(200, admin.method("PUT", "/bundles/" + bundleId, "{\"name\": \"after_change\", "
                + "\"deviceClass\": \"kettle\", \"projectId\": 1, \"components\": []}").status());
        String after = exchange(hot.baseUri(), checkIn);
        assertTrue(after.contains("after_change") && !after.contains("before_change"), after);
    }

    @Test
    void hotAnswersAreTimedUnderTheirRouteLikeJerseysAnswers() throws IOException {
        exchange(hot.baseUri(), request("GET", "/bundles", "Host: {host}", "Authorization: Bearer " + deviceKey, ""));
        exchange(hot.baseUri(), request("GET", "/health/live", "Host: {host}", "", ""));
        String metrics = Scrapes.until(TestServers.client(hot), text -> text.contains("route=\"/bundles\",status=\"200\"")
                && text.contains("route=\"/health/live\",status=\"200\""));
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/bundles\",status=\"200\"}"),
                metrics);
        assertTrue(metrics.contains(
                "http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"}"), metrics);
    }

    private static String request(String method, String target, String... headers) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (String header : headers) {
            if (!header.isEmpty()) {
                request.append(header).append("\r\n");
            }
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    /** Sends one raw request and reads the raw response to the end; the Date header is left out. */
    private static String exchange(URI server, String request) throws IOException {
        String host = server.getHost() + ":" + server.getPort();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.replace("{host}", host).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.ISO_8859_1)
                    .replace(":" + server.getPort() + "/", ":{port}/");
            return text.lines().filter(line -> !line.regionMatches(true, 0, "Date:", 0, 5))
                    .collect(Collectors.joining("\n"));
        }
    }
}
