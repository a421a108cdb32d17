package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Walks every endpoint of every surface with every kind of credential that must not get through,
 * and checks that each answer has the documented status, is written in the surface's own error
 * format, and that nothing changed (the audit log of both projects and the stored files, which
 * every change touches, are compared before and after each request).
 *
 * <p>New endpoints join {@link #ENDPOINTS}; docs/security.md says so.
 */
class AccessControlTest extends RunningServerTest {

    private static final String JWT_SECRET = "the-identity-providers-shared-secret-0123456789";
    private static final String MANAGEMENT = "api/management/v1/projects/";

    /** The surfaces, each with the shape of its error bodies. */
    enum Surface {
        IMAGE_MANAGER(json -> json.has("message") && (json.has("status") || json.has("errors"))),
        FIRMWARE_API(json -> json.has("errors") && json.get("errors").isArray()
                && json.get("errors").get(0).has("status") && json.get("errors").get(0).has("detail")),
        BUNDLES(json -> json.has("reason") && json.has("message")),
        DEVICE_OTA(json -> json.has("message")),
        MANAGEMENT(json -> json.has("type") && json.has("title") && json.has("status") && json.has("detail")),
        DOWNLOADS(MANAGEMENT.errorShape),
        DEVICE_API(MANAGEMENT.errorShape);

        final Predicate<JsonNode> errorShape;

        Surface(Predicate<JsonNode> errorShape) {
            this.errorShape = errorShape;
        }
    }

    /** Who may call an endpoint. */
    enum Needs {
        /** Anyone; a credential, when sent, must still be valid. */
        NOBODY,
        /** A device (its own things) or an operator who may read the project. */
        DEVICE_OR_READ,
        /** Only the device the path names. */
        THE_DEVICE,
        /** Only a device, for its own things; any operator is 403 (the device API). */
        DEVICE,
        /** An operator who may read the project. */
        READ,
        /** An operator who may change the project. */
        WRITE,
        /** The admin token. */
        ADMIN
    }

    /** What the endpoint acts on, which decides what a key of another project sees. */
    enum Target {
        /** Project 1 named in the path or body, or a resource of project 1 named by id. */
        PROJECT_ONE,
        /** The caller's own project (surfaces without projects in their paths, lists and creations). */
        OWN_PROJECT,
        /** Device B, named in the path. */
        DEVICE_B,
        /** Nothing of a project (admin-wide operations). */
        NONE
    }

    /** {@code hidden} is the status the surface documents for something that is not there (404 but on seed 000's PUT). */
    record Endpoint(Surface surface, String method, String path, String body, Needs needs, Target target, int hidden) {

        Endpoint(Surface surface, String method, String path, String body, Needs needs, Target target) {
            this(surface, method, path, body, needs, target, 404);
        }

        @Override
        public String toString() {
            return method + " /" + path;
        }
    }

    /** The credentials that must not get what they ask for. */
    enum Case {
        NO_CREDENTIAL, MALFORMED_HEADER, WRONG_KEY, REVOKED_KEY, EXPIRED_JWT, JWT_WITH_BAD_SIGNATURE, JWT_ALG_NONE,
        READ_KEY_ON_WRITE, KEY_OF_ANOTHER_PROJECT, DEVICE_KEY_ON_OPERATOR_PATH, ANOTHER_DEVICES_KEY
    }

    private static final String IMAGE_JSON = "{\"label\":\"intruder\",\"fw_version\":\"9.9.9\"}";
    private static final String FIRMWARE_JSON = "{\"type\":\"intruder\",\"version\":\"9\",\"url\":\"https://x.example/a.bin\"}";
    private static final String BUNDLE_JSON = "{\"name\":\"intruder\",\"deviceClass\":\"lamp\",\"projectId\":1,"
            + "\"components\":[]}";

    static final List<Endpoint> ENDPOINTS = List.of(
            // Image Manager (seed 001)
            new Endpoint(Surface.IMAGE_MANAGER, "GET", "image", null, Needs.READ, Target.OWN_PROJECT),
            new Endpoint(Surface.IMAGE_MANAGER, "POST", "image", IMAGE_JSON, Needs.WRITE, Target.OWN_PROJECT),
            new Endpoint(Surface.IMAGE_MANAGER, "GET", "image/binary", null, Needs.READ, Target.OWN_PROJECT),
            new Endpoint(Surface.IMAGE_MANAGER, "GET", "image/{image}", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.IMAGE_MANAGER, "DELETE", "image/{image}", null, Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.IMAGE_MANAGER, "GET", "image/{image}/binary", null, Needs.DEVICE_OR_READ,
                    Target.DEVICE_B),
            new Endpoint(Surface.IMAGE_MANAGER, "POST", "image/{image}/binary", "upload", Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.IMAGE_MANAGER, "DELETE", "image/{image}/binary", null, Needs.WRITE,
                    Target.PROJECT_ONE),
            // Firmware API (seed 000)
            new Endpoint(Surface.FIRMWARE_API, "GET", "api/v1/firmware/{image}", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.FIRMWARE_API, "POST", "api/v1/firmware", FIRMWARE_JSON, Needs.WRITE,
                    Target.OWN_PROJECT),
            new Endpoint(Surface.FIRMWARE_API, "PUT", "api/v1/firmware/{image}", FIRMWARE_JSON, Needs.WRITE,
                    Target.PROJECT_ONE, 400),
            new Endpoint(Surface.FIRMWARE_API, "DELETE", "api/v1/firmware/{image}", null, Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.FIRMWARE_API, "GET", "api/v1/firmware/check?type=fw&version=0.0.1", null,
                    Needs.DEVICE_OR_READ, Target.OWN_PROJECT),
            // Bundles (seed 002)
            new Endpoint(Surface.BUNDLES, "GET", "bundles?projectId=1&deviceClass=gate", null, Needs.DEVICE_OR_READ,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.BUNDLES, "POST", "bundles", BUNDLE_JSON, Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.BUNDLES, "GET", "bundles/{bundle}", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.BUNDLES, "PUT", "bundles/{bundle}", BUNDLE_JSON, Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.BUNDLES, "DELETE", "bundles/{bundle}", null, Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.BUNDLES, "GET", "bundles/files/1/{image}", null, Needs.DEVICE_OR_READ,
                    Target.DEVICE_B),
            new Endpoint(Surface.BUNDLES, "PUT", "devices/{deviceB}/firmwareInfo", "{\"bundleId\":\"x\"}",
                    Needs.THE_DEVICE, Target.DEVICE_B),
            new Endpoint(Surface.BUNDLES, "GET", "devices/{deviceB}/firmwareInfo", null, Needs.DEVICE_OR_READ,
                    Target.DEVICE_B),
            // Device OTA (seed 003)
            new Endpoint(Surface.DEVICE_OTA, "GET", "v1/ota/device", null, Needs.READ, Target.OWN_PROJECT),
            new Endpoint(Surface.DEVICE_OTA, "POST", "v1/ota/device", "deploy", Needs.WRITE, Target.OWN_PROJECT),
            new Endpoint(Surface.DEVICE_OTA, "GET", "v1/ota/device/latest/{deviceB}", null, Needs.NOBODY,
                    Target.NONE),
            new Endpoint(Surface.DEVICE_OTA, "GET", "v1/ota/device/download/{deviceB}{tokenOfA}", null, Needs.NOBODY,
                    Target.DEVICE_B),
            // Signed download links: the link is the credential
            new Endpoint(Surface.DOWNLOADS, "GET", "downloads/1/{image}?expires={expires}&sha256={sha256}"
                    + "&signature={signature}", null, Needs.NOBODY, Target.NONE),
            // Management API
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT, null, Needs.READ, Target.OWN_PROJECT),
            new Endpoint(Surface.MANAGEMENT, "POST", MANAGEMENT, "{\"name\":\"intruder\"}", Needs.ADMIN, Target.NONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "PATCH", MANAGEMENT + "1", "{\"publicOta\":true}", Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "DELETE", MANAGEMENT + "{emptyProject}", null, Needs.ADMIN, Target.NONE),
            new Endpoint(Surface.MANAGEMENT, "POST", MANAGEMENT + "1/keys", "{\"name\":\"x\",\"role\":\"write\"}",
                    Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/keys", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "DELETE", MANAGEMENT + "1/keys/{readKeyId}", null, Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "POST", MANAGEMENT + "1/devices",
                    "{\"id\":\"x-1\",\"deviceClass\":\"lamp\"}", Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/devices", null, Needs.READ, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/devices/{deviceB}", null, Needs.READ,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "PATCH", MANAGEMENT + "1/devices/{deviceB}", "{\"channel\":\"beta\"}",
                    Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "PATCH", MANAGEMENT + "1/devices/{deviceB}",
                    "{\"pin\":{\"type\":\"fw\",\"version\":\"1.0.0\"}}", Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/devices/{deviceB}/updates", null, Needs.READ,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "DELETE", MANAGEMENT + "1/devices/{deviceB}", null, Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "POST", MANAGEMENT + "1/devices/{deviceB}/key", "", Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/firmware-types", null, Needs.READ,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "POST", MANAGEMENT + "1/firmware-types",
                    "{\"name\":\"intruder\",\"versionScheme\":\"semantic\"}", Needs.WRITE, Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/firmware-types/fw", null, Needs.READ,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "DELETE", MANAGEMENT + "1/firmware-types/empty-type", null, Needs.WRITE,
                    Target.PROJECT_ONE),
            new Endpoint(Surface.MANAGEMENT, "GET", MANAGEMENT + "1/audit", null, Needs.READ, Target.PROJECT_ONE),
            // Device API
            new Endpoint(Surface.DEVICE_API, "GET", "api/devices/v1/updates?installed=fw:1.0.0", null, Needs.DEVICE,
                    Target.OWN_PROJECT),
            new Endpoint(Surface.DEVICE_API, "POST", "api/devices/v1/updates/{updateOfB}/status",
                    "{\"status\":\"downloading\"}", Needs.DEVICE, Target.DEVICE_B),
            new Endpoint(Surface.MANAGEMENT, "GET", "api/management/v1/binaries/corrupt", null, Needs.ADMIN,
                    Target.NONE),
            new Endpoint(Surface.MANAGEMENT, "POST", "api/management/v1/binaries/verification", "", Needs.ADMIN,
                    Target.NONE));

    private final Map<String, String> ids = new java.util.HashMap<>();
    private final Map<Case, String> authorizations = new java.util.EnumMap<>(Case.class);

    @Override
    Map<String, String> settings() {
        return Map.of("FIRMAMENT_JWT_SECRET", JWT_SECRET);
    }

    @BeforeAll
    void projectsKeysDevicesAndFirmware() {
        ids.put("emptyProject", created(http.postJson(MANAGEMENT, "{\"name\":\"empty\"}")).get("id").asText());
        String otherProject = created(http.postJson(MANAGEMENT, "{\"name\":\"other\"}")).get("id").asText();
        String readKey = key("1", "read");
        ids.put("readKeyId", keyIds.get(readKey));
        String revoked = key("1", "write");
        assertEquals(204, http.delete(MANAGEMENT + "1/keys/" + keyIds.get(revoked)).status());
        String otherProjectKey = key(otherProject, "write");

        JsonNode deviceA = created(http.postJson(MANAGEMENT + "1/devices", "{\"id\":\"device-a\",\"deviceClass\":\"lamp\"}"));
        JsonNode deviceB = created(http.postJson(MANAGEMENT + "1/devices", "{\"id\":\"device-b\",\"deviceClass\":\"gate\"}"));
        ids.put("deviceB", "device-b");
        ids.put("tokenOfA", deviceA.get("apiKey").asText());
        ids.put("tokenOfB", deviceB.get("apiKey").asText());

        String image = created(http.postJson("image", "{\"label\":\"fw\",\"fw_version\":\"1.0.0\"}")).get("id").asText();
        ids.put("image", image);
        assertEquals(200, http.postFile("image/" + image + "/binary", "image", "fw.bin", bytes("firmware")).status());
        JsonNode bundle = created(http.postJson("bundles", "{\"name\":\"gate\",\"deviceClass\":\"gate\",\"projectId\":1,"
                + "\"components\":[{\"versionId\":\"" + image + "\"}]}"));
        ids.put("bundle", bundle.get("id").asText());
        String signedLink = java.net.URI.create(bundle.get("components").get(0).get("url").asText()).getRawQuery();
        for (String parameter : signedLink.split("&")) {
            ids.put(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        }
        created(http.postJson(MANAGEMENT + "1/firmware-types", "{\"name\":\"empty-type\",\"versionScheme\":\"opaque\"}"));
        assertEquals(201, http.postForm("v1/ota/device", List.of(Http.Part.firmware(bytes("ota")),
                Http.Part.field("device", "device-b"), Http.Part.field("token", deviceB.get("apiKey").asText()),
                Http.Part.field("version", "1.0.0"))).status());
        Http.Response offered = http.withAuthorization("Bearer " + deviceB.get("apiKey").asText())
                .get("api/devices/v1/updates");
        assertEquals(200, offered.status(), new String(offered.bytes(), StandardCharsets.UTF_8));
        ids.put("updateOfB", offered.json().get("id").asText());

        long now = Instant.now().getEpochSecond();
        authorizations.put(Case.MALFORMED_HEADER, "Basic dXNlcjpwYXNzd29yZA==");
        authorizations.put(Case.WRONG_KEY, "Bearer " + "w".repeat(43));
        authorizations.put(Case.REVOKED_KEY, "Bearer " + revoked);
        authorizations.put(Case.EXPIRED_JWT, "Bearer " + jwt("HS256", JWT_SECRET, now - 3600, "[1]", "write"));
        authorizations.put(Case.JWT_WITH_BAD_SIGNATURE, "Bearer " + jwt("HS256", JWT_SECRET + "x", now + 3600, "[1]",
                "write"));
        authorizations.put(Case.JWT_ALG_NONE, "Bearer " + jwt("none", null, now + 3600, "[1]", "write"));
        authorizations.put(Case.READ_KEY_ON_WRITE, "Bearer " + readKey);
        authorizations.put(Case.KEY_OF_ANOTHER_PROJECT, "Bearer " + otherProjectKey);
        authorizations.put(Case.DEVICE_KEY_ON_OPERATOR_PATH, "Bearer " + deviceA.get("apiKey").asText());
        authorizations.put(Case.ANOTHER_DEVICES_KEY, "Bearer " + deviceA.get("apiKey").asText());
    }

    private final Map<String, String> keyIds = new java.util.HashMap<>();

    private String key(String project, String role) {
        JsonNode key = created(http.postJson(MANAGEMENT + project + "/keys", "{\"name\":\"" + role + "\",\"role\":\""
                + role + "\"}"));
        keyIds.put(key.get("key").asText(), key.get("id").asText());
        return key.get("key").asText();
    }

    /** The documented status for {@code endpoint} called with {@code credential}; empty when the pair does not apply. */
    static Optional<Integer> expectedStatus(Endpoint endpoint, Case credential) {
        return switch (credential) {
            case NO_CREDENTIAL -> endpoint.needs() == Needs.NOBODY ? Optional.empty() : Optional.of(401);
            case MALFORMED_HEADER, WRONG_KEY, REVOKED_KEY, EXPIRED_JWT, JWT_WITH_BAD_SIGNATURE, JWT_ALG_NONE ->
                    Optional.of(401);
            case READ_KEY_ON_WRITE -> endpoint.needs() == Needs.WRITE || endpoint.needs() == Needs.ADMIN
                    || endpoint.needs() == Needs.DEVICE ? Optional.of(403) : Optional.empty();
            case KEY_OF_ANOTHER_PROJECT -> switch (endpoint.needs()) {
                case ADMIN -> Optional.of(403);
                case THE_DEVICE, DEVICE -> Optional.of(403);
                case NOBODY -> Optional.empty();
                default -> endpoint.target() == Target.PROJECT_ONE || endpoint.target() == Target.DEVICE_B
                        ? Optional.of(endpoint.hidden()) : Optional.empty();
            };
            case DEVICE_KEY_ON_OPERATOR_PATH -> switch (endpoint.needs()) {
                case READ, WRITE, ADMIN -> Optional.of(403);
                default -> Optional.empty();
            };
            case ANOTHER_DEVICES_KEY -> endpoint.target() == Target.DEVICE_B ? Optional.of(404) : Optional.empty();
        };
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesWhatItMustAndNothingChanges() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Case credential : Case.values()) {
                expectedStatus(endpoint, credential).ifPresent(status -> tests.add(DynamicTest.dynamicTest(
                        credential + ": " + endpoint, () -> refused(endpoint, credential, status))));
            }
        }
        return tests.stream();
    }

    private void refused(Endpoint endpoint, Case credential, int status) {
        String before = state();
        Http.Response response = call(endpoint, authorizations.get(credential));
        String body = new String(response.bytes(), StandardCharsets.UTF_8);
        assertEquals(status, response.status(), body);
        assertTrue(endpoint.surface().errorShape.test(response.json()), "not in the " + endpoint.surface()
                + " error format: " + body);
        assertEquals(before, state(), "something changed");
    }

    @Test
    void everyCaseIsTriedOnSomeEndpoint() {
        for (Case credential : Case.values()) {
            assertTrue(ENDPOINTS.stream().anyMatch(endpoint -> expectedStatus(endpoint, credential).isPresent()),
                    credential.toString());
        }
    }

    @Test
    void aValidUserTokenGetsWhatItsClaimsGrant() {
        long now = Instant.now().getEpochSecond();
        Http reader = http.withAuthorization("Bearer " + jwt("HS256", JWT_SECRET, now + 600, "[1]", "read"));
        assertEquals(200, reader.get("image").status());
        assertEquals(403, reader.postJson("image", IMAGE_JSON).status());
        assertEquals(404, reader.get(MANAGEMENT + ids.get("emptyProject")).status());
    }

    /** The audit logs of every project and the stored files: every change touches one of them. */
    private String state() {
        StringBuilder state = new StringBuilder();
        for (String project : List.of("1", ids.get("emptyProject"))) {
            state.append(http.get(MANAGEMENT + project + "/audit?limit=1").json().get("total")).append('/');
        }
        state.append(http.get(MANAGEMENT).json()).append('/');
        state.append(TestServers.filesUnder(dataDir));
        return state.toString();
    }

    private Http.Response call(Endpoint endpoint, String authorization) {
        Http client = http.withAuthorization(authorization);
        String path = endpoint.path();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        if ("upload".equals(endpoint.body())) {
            return client.postFile(path, "image", "intruder.bin", bytes("intruder"));
        }
        if ("deploy".equals(endpoint.body())) {
            return client.postForm(path, List.of(Http.Part.firmware(bytes("intruder")),
                    Http.Part.field("device", "device-b"), Http.Part.field("token", ids.get("tokenOfA")),
                    Http.Part.field("version", "6.6.6")));
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

    private static JsonNode created(Http.Response response) {
        assertEquals(201, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        return response.json();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A compact JWS signed with HMAC-SHA256, or unsigned for {@code alg: none}. */
    static String jwt(String algorithm, String secret, long expiresAt, String projects, String role) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"sub\":\"alice\",\"exp\":" + expiresAt + ",\"projects\":" + projects
                + ",\"role\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8));
        if (secret == null) {
            return header + "." + payload + ".";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return header + "." + payload + "." + base64.encodeToString(mac.doFinal((header + "." + payload)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hostile and malformed input, sent with the admin token (so that nothing but the input can
     * be the reason for a refusal) to every endpoint of the table: each answer is a 4xx in the
     * surface's own format, never a 5xx, and nothing changes. docs/reliability.md lists the inputs.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HostileInput {

        @TestFactory
        Stream<DynamicTest> malformedBodiesAreRefused() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Endpoint endpoint : ENDPOINTS) {
                if (endpoint.body() == null || endpoint.body().isEmpty() || !endpoint.body().startsWith("{")) {
                    continue;
                }
                for (Map.Entry<String, String> hostile : HostileBodies.of(endpoint.body()).entrySet()) {
                    if (NULL_MEANS_NOT_GIVEN.contains(hostile.getKey()) || endpoint.method().equals("PATCH")
                            && (hostile.getKey().equals("null channel") || hostile.getKey().equals("null pin"))) {
                        // Optional fields: null is "not given"; a device's null channel returns it to the project's,
                        // a null pin clears the pin.
                        continue;
                    }
                    tests.add(DynamicTest.dynamicTest(hostile.getKey() + ": " + endpoint,
                            () -> refusedWithBody(hostile.getKey() + ": " + endpoint, endpoint, hostile.getValue(),
                                    "application/json")));
                }
                tests.add(DynamicTest.dynamicTest("text/plain body: " + endpoint,
                        () -> refusedWithBody("text/plain body: " + endpoint, endpoint, "label=x", "text/plain")));
            }
            return tests.stream();
        }

        @TestFactory
        Stream<DynamicTest> hostileIdsInPathsAreRefused() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Endpoint endpoint : ENDPOINTS) {
                if (!endpoint.path().contains("{")) {
                    continue;
                }
                for (String id : HOSTILE_IDS) {
                    tests.add(DynamicTest.dynamicTest(id + ": " + endpoint, () -> {
                        String before = state();
                        String what = id + ": " + endpoint;
                        String path = endpoint.path().replaceAll("\\{[A-Za-z0-9]+}", id);
                        Http client = hostileCaller(endpoint);
                        HttpRequest.Builder request = client.request(path);
                        if (endpoint.body() == null || !endpoint.body().startsWith("{")) {
                            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
                        } else {
                            request.header("Content-Type", "application/json")
                                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(endpoint.body()));
                        }
                        Http.Response answer = client.send(request.build());
                        if (DOT_SEGMENTS.contains(id)) {
                            // The path climbs out of the surface before routing: only "refused, nothing changed".
                            assertTrue(answer.status() >= 400 && answer.status() < 500 || answer.status() == 200
                                    && endpoint.method().equals("GET"), what + " -> " + answer.status());
                            assertEquals(before, state(), what + ": something changed");
                        } else {
                            assertRefused(what, endpoint, answer, before);
                        }
                    }));
                }
            }
            return tests.stream();
        }

        @TestFactory
        Stream<DynamicTest> pagingOutOfRangeIsRefused() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Endpoint endpoint : ENDPOINTS) {
                boolean paged = endpoint.method().equals("GET") && (endpoint.path().endsWith("devices")
                        || endpoint.path().endsWith("/updates")
                        || endpoint.path().endsWith("audit") || endpoint.path().equals(MANAGEMENT)
                        || endpoint.path().equals("v1/ota/device"));
                if (!paged) {
                    continue;
                }
                for (String query : List.of("offset=-1", "limit=0", "limit=1000000", "limit=abc", "offset=1e3",
                        "offset=99999999999999999999")) {
                    tests.add(DynamicTest.dynamicTest(query + ": " + endpoint, () -> {
                        String before = state();
                        String path = endpoint.path() + (endpoint.path().contains("?") ? "&" : "?") + query;
                        for (Map.Entry<String, String> id : ids.entrySet()) {
                            path = path.replace("{" + id.getKey() + "}", id.getValue());
                        }
                        assertRefused(query + ": " + endpoint, endpoint, http.get(path), before);
                    }));
                }
            }
            return tests.stream();
        }

        @Test
        void uploadsWithoutTheFileOrWithTwoAreRefused() {
            String image = ids.get("image");
            String before = state();
            Endpoint upload = ENDPOINTS.stream().filter(e -> "upload".equals(e.body())).findFirst().orElseThrow();
            assertRefused("upload", upload, http.postForm("image/" + image + "/binary",
                    List.of(Http.Part.field("note", "no file here"))), before);
            assertRefused("upload", upload, http.postForm("image/" + image + "/binary", List.of(
                    new Http.Part("image", "one.bin", bytes("one")), new Http.Part("image", "two.bin", bytes("two")))),
                    before);
            assertRefused("upload", upload, http.postForm("image/" + image + "/binary", List.of(
                    new Http.Part("image", "../../etc/passwd", bytes("")))), before);

            Endpoint deploy = ENDPOINTS.stream().filter(e -> "deploy".equals(e.body())).findFirst().orElseThrow();
            assertRefused("deploy", deploy, http.postForm("v1/ota/device", List.of(Http.Part.field("device", "device-b"),
                    Http.Part.field("token", ids.get("tokenOfB")), Http.Part.field("version", "9.0.0"))), before);
            assertRefused("deploy", deploy, http.postForm("v1/ota/device", List.of(Http.Part.firmware(bytes("one")),
                    Http.Part.firmware(bytes("two")), Http.Part.field("device", "device-b"),
                    Http.Part.field("token", ids.get("tokenOfB")), Http.Part.field("version", "9.0.0"))), before);
        }

        @Test
        void hugeHeadersAreRefusedBeforeAnySurfaceSeesThem() {
            String before = state();
            Http.Response answer = http.send(http.request("image").header("X-Padding", "x".repeat(64 * 1024))
                    .GET().build());
            assertTrue(answer.status() >= 400 && answer.status() < 500, "status " + answer.status());
            assertEquals(before, state());
        }

        private void refusedWithBody(String what, Endpoint endpoint, String body, String contentType) {
            String before = state();
            String path = endpoint.path();
            for (Map.Entry<String, String> id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            Http client = hostileCaller(endpoint);
            Http.Response answer = client.send(client.request(path).header("Content-Type", contentType)
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body)).build());
            assertRefused(what, endpoint, answer, before);
        }

        /** The admin token, but on the device API the device whose things the path names, so the input is read. */
        private Http hostileCaller(Endpoint endpoint) {
            return endpoint.needs() == Needs.DEVICE ? http.withAuthorization("Bearer " + ids.get("tokenOfB")) : http;
        }

        private void assertRefused(String what, Endpoint endpoint, Http.Response answer, String before) {
            String body = new String(answer.bytes(), StandardCharsets.UTF_8);
            assertTrue(answer.status() >= 400 && answer.status() < 500, what + " -> " + answer.status() + ": " + body);
            assertTrue(endpoint.surface().errorShape.test(answer.json()), what + ": not in the " + endpoint.surface()
                    + " error format: " + body);
            assertEquals(before, state(), what + ": something changed");
        }
    }

    /** Optional fields for which an explicit null means the same as leaving the field out (docs/api.md). */
    static final List<String> NULL_MEANS_NOT_GIVEN = List.of("null id", "null components");

    /** Ids that are dot segments: clients and servers resolve them before any surface sees the path. */
    static final List<String> DOT_SEGMENTS = List.of("..", "%2E%2E");

    /** Ids no resource can have, in the forms attackers try: traversal, encodings, control and odd characters. */
    static final List<String> HOSTILE_IDS = List.of("..", "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%5c%2e%2e",
            "a%00b", "%C0%AE%C0%AE", "x".repeat(300), "%F0%9F%92%A3", "%EF%BF%BF", "a%20b", "%0D%0AInjected:1",
            "-1", "00000000-0000-0000-0000-000000000000");

    /** Hostile variants of a valid JSON body, by name. */
    static final class HostileBodies {

        static Map<String, String> of(String valid) {
            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            bodies.put("truncated JSON", valid.substring(0, valid.length() / 2));
            bodies.put("not JSON", "this is not json");
            bodies.put("empty body", "");
            bodies.put("JSON array", "[" + valid + "]");
            bodies.put("JSON string", "\"text\"");
            bodies.put("JSON number", "42");
            bodies.put("JSON null", "null");
            bodies.put("unknown fields only", "{\"unexpected\":1,\"also\":[true]}");
            bodies.put("duplicate keys", valid.replaceFirst("\\{", "{\"name\":\"a\",\"name\":"));
            bodies.put("huge body", "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            bodies.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
            JsonNode json;
            try {
                json = Http.JSON.readTree(valid);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            json.fieldNames().forEachRemaining(field -> {
                JsonNode value = json.get(field);
                bodies.put("wrong type for " + field, with(json, field, value.isTextual()
                        ? Http.JSON.getNodeFactory().arrayNode().add(1) : Http.JSON.getNodeFactory().textNode("x")));
                bodies.put("null " + field, with(json, field, Http.JSON.getNodeFactory().nullNode()));
                if (value.isTextual()) {
                    bodies.put("overlong " + field, with(json, field,
                            Http.JSON.getNodeFactory().textNode("y".repeat(10_000))));
                    bodies.put("control characters in " + field, with(json, field,
                            Http.JSON.getNodeFactory().textNode("a\u0000b\u0007")));
                    // Written as a JSON escape: UTF-8 cannot carry half a surrogate pair.
                    bodies.put("lone surrogate in " + field, with(json, field,
                            Http.JSON.getNodeFactory().textNode("LONE")).replace("LONE", "a\\ud800b"));
                    if (field.equals("id") || field.endsWith("Id") || field.equals("filename")) {
                        bodies.put("traversal in " + field, with(json, field,
                                Http.JSON.getNodeFactory().textNode("../../../etc/passwd")));
                    }
                }
            });
            return bodies;
        }

        private static String with(JsonNode json, String field, JsonNode value) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = json.deepCopy();
            copy.set(field, value);
            return copy.toString();
        }
    }
}
