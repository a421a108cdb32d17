package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundles API (seed 002) over real HTTP: its three modes of GET /bundles, management, downloads, Firmware Info. */
class BundlesApiTest extends RunningServerTest {

    private static final byte[] FIRMWARE_ONE = "firmware one bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIRMWARE_TWO = "firmware two bytes, longer".getBytes(StandardCharsets.US_ASCII);





    private String image(String type, String version, String filename, byte[] content) {
        String id = http.postJson("/image/", "{\"label\": \"" + type + "\", \"fw_version\": \"" + version + "\"}")
                .json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", filename, content).status());
        return id;
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String bundle(String name, String deviceClass, String channel, String... imageIds) {
        StringBuilder components = new StringBuilder();
        for (String id : imageIds) {
            components.append(components.length() == 0 ? "" : ", ").append("{\"versionId\": \"").append(id).append("\"}");
        }
        return "{\"name\": \"" + name + "\", \"description\": \"This is the firmware for all light sensors\", "
                + "\"deviceClass\": \"" + deviceClass + "\", \"projectId\": 1"
                + (channel == null ? "" : ", \"channel\": \"" + channel + "\"")
                + ", \"components\": [" + components + "]}";
    }

    private JsonNode createBundle(String body) {
        Http.Response created = http.postJson("/bundles", body);
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return created.json();
    }

    private Http device(String deviceClass, String channel) {
        Http.Response registered = http.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \""
                + deviceClass + "\"" + (channel == null ? "" : ", \"channel\": \"" + channel + "\"") + "}");
        assertEquals(201, registered.status());
        return http.withAuthorization("Bearer " + registered.json().get("apiKey").asText());
    }

    private static void assertError(Http.Response response, int status, String reason) {
        assertEquals(status, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        assertEquals(reason, response.json().get("reason").asText());
        assertTrue(response.json().get("message").isTextual());
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    @Test
    void creatingABundleAnswers201WithTheFirmwareBundleObject() throws Exception {
        String one = image(unique("component_one"), "2.0.0", "firmware_one.go", FIRMWARE_ONE);
        String two = image(unique("component_two"), "1.0.8", "firmware_two.go", FIRMWARE_TWO);
        JsonNode bundle = createBundle(bundle("light_bundle", "smart_light", null, one, two));

        assertTrue(bundle.get("id").asText().matches("[0-9a-f]{24}"));
        assertTrue(bundle.get("creationTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals("light_bundle", bundle.get("name").asText());
        assertEquals("This is the firmware for all light sensors", bundle.get("description").asText());
        assertEquals("smart_light", bundle.get("deviceClass").asText());
        assertEquals(1, bundle.get("projectId").asInt());
        assertEquals("stable", bundle.get("channel").asText());
        JsonNode first = bundle.get("components").get(0);
        assertEquals(one, first.get("versionId").asText());
        assertEquals("2.0.0", first.get("versionName").asText());
        assertEquals(first.get("componentId"), first.get("componentName"));
        assertEquals("firmware_one.go", first.get("filename").asText());
        assertEquals(sha1(FIRMWARE_ONE), first.get("checksum").asText(), "the checksum is the SHA-1 of the file");
        assertEquals(sha1(FIRMWARE_TWO), bundle.get("components").get(1).get("checksum").asText());

        assertEquals(bundle, http.get("/bundles/" + bundle.get("id").asText()).json());
    }

    @Test
    void twoImagesOfOneTypeInABundleAre400() {
        String type = unique("fw");
        String a = image(type, "1.0.0", "a.bin", FIRMWARE_ONE);
        String b = image(type, "1.0.1", "b.bin", FIRMWARE_TWO);
        assertError(http.postJson("/bundles", bundle("b", "c1", null, a, b)), 400, "INVALID_INPUT");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"description\": \"d\", \"deviceClass\": \"c\", \"projectId\": 1, \"components\": []}",
        "{\"name\": \"n\", \"projectId\": 1, \"components\": []}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"components\": []}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"projectId\": \"1\", \"components\": []}",
        "{\"name\": \"n\", \"deviceClass\": \"-c\", \"projectId\": 1, \"components\": []}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"projectId\": 1, \"channel\": \"be ta\", \"components\": []}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"projectId\": 1, \"components\": [{\"versionId\": \"b60aa5e9-cbe6-4b51-b76c-08cf8273db07\"}]}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"projectId\": 1, \"components\": [{}]}",
        "{\"name\": \"n\", \"deviceClass\": \"c\", \"projectId\": 1, \"components\": {}}",
        "[]",
        "{oops",
    })
    void invalidBundlesAre400(String body) {
        assertError(http.postJson("/bundles", body), 400, "INVALID_INPUT");
    }

    @Test
    void aBundleCanBeReplacedAndDeleted() {
        String one = image(unique("fw"), "1.0.0", "a.bin", FIRMWARE_ONE);
        String id = createBundle(bundle("old", "c2", null, one)).get("id").asText();
        Http.Response replaced = http.method("PUT", "/bundles/" + id, bundle("new", "c2", "beta"));
        assertEquals(200, replaced.status());
        assertEquals("new", replaced.json().get("name").asText());
        assertEquals("beta", replaced.json().get("channel").asText());
        assertEquals(0, replaced.json().get("components").size());
        assertEquals(204, http.delete("/bundles/" + id).status());
        assertError(http.get("/bundles/" + id), 404, "BUNDLE_NOT_FOUND");
        assertError(http.delete("/bundles/" + id), 404, "BUNDLE_NOT_FOUND");
        assertError(http.method("PUT", "/bundles/" + id, bundle("x", "c2", null)), 404, "BUNDLE_NOT_FOUND");
    }

    @Test
    void aDeviceGetsTheBundlesOfItsClassOnItsChannelAndQueryParametersAreIgnored() {
        String deviceClass = unique("sensor");
        String one = image(unique("fw"), "1.0.0", "a.bin", FIRMWARE_ONE);
        String stable = createBundle(bundle("stable_one", deviceClass, null, one)).get("id").asText();
        String beta = createBundle(bundle("beta_one", deviceClass, "beta", one)).get("id").asText();
        createBundle(bundle("other_class", unique("other"), null, one));

        JsonNode onStable = device(deviceClass, null).get("/bundles?projectId=99&deviceClass=nope&channel=beta").json();
        assertEquals(1, onStable.size());
        assertEquals(stable, onStable.get(0).get("id").asText());

        JsonNode onBeta = device(deviceClass, "beta").get("/bundles").json();
        assertEquals(1, onBeta.size());
        assertEquals(beta, onBeta.get(0).get("id").asText());
    }

    @Test
    void theModeCloudAuthorizationSchemeIsAcceptedForDeviceKeys() {
        String deviceClass = unique("sensor");
        Http.Response registered = http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"" + deviceClass + "\"}");
        Http modeCloud = http.withAuthorization("ModeCloud " + registered.json().get("apiKey").asText());
        assertEquals(200, modeCloud.get("/bundles").status());
    }

    @Test
    void anOperatorListsAClassOnAllChannelsOrOnOne() {
        String deviceClass = unique("sensor");
        createBundle(bundle("s", deviceClass, null));
        createBundle(bundle("b", deviceClass, "beta"));
        assertEquals(2, http.get("/bundles?projectId=1&deviceClass=" + deviceClass).json().size());
        assertEquals(1, http.get("/bundles?projectId=1&deviceClass=" + deviceClass + "&channel=beta").json().size());
        assertError(http.get("/bundles?deviceClass=" + deviceClass), 400, "INVALID_INPUT");
        assertError(http.get("/bundles?projectId=1"), 400, "INVALID_INPUT");
        assertError(http.get("/bundles?projectId=42&deviceClass=x"), 404, "PROJECT_NOT_FOUND");
    }

    @Test
    void withoutAuthorizationBundlesAreServedOnlyWhenTheProjectAllowsPublicOta() throws Exception {
        String deviceClass = unique("public");
        String one = image(unique("fw"), "1.0.0", "public.bin", FIRMWARE_ONE);
        createBundle(bundle("s", deviceClass, null, one));
        createBundle(bundle("b", deviceClass, "beta"));
        Http anonymous = http.withAuthorization(null);
        String query = "/bundles?projectId=1&deviceClass=" + deviceClass;

        assertError(anonymous.get(query), 401, "AUTHORIZATION_REQUIRED");
        assertEquals(200, http.method("PATCH", "/api/management/v1/projects/1", "{\"publicOta\": true}").status());
        try {
            JsonNode stable = anonymous.get(query).json();
            assertEquals(1, stable.size());
            assertEquals("s", stable.get(0).get("name").asText());
            assertEquals("b", anonymous.get(query + "&channel=beta").json().get(0).get("name").asText());
            assertError(anonymous.get("/bundles?projectId=1"), 400, "INVALID_INPUT");
            String url = stable.get(0).get("components").get(0).get("url").asText();
            assertArrayEquals(FIRMWARE_ONE, anonymous.get(url).bytes());
        } finally {
            http.method("PATCH", "/api/management/v1/projects/1", "{\"publicOta\": false}");
        }
        assertError(anonymous.get(query), 401, "AUTHORIZATION_REQUIRED");
    }

    @Test
    void aComponentUrlIsAnAbsoluteSignedLinkThatDownloadsTheFileWithoutACredential() throws Exception {
        String deviceClass = unique("sensor");
        String one = image(unique("fw"), "1.0.0", "a.bin", FIRMWARE_ONE);
        createBundle(bundle("s", deviceClass, null, one));
        Http device = device(deviceClass, null);
        String url = device.get("/bundles").json().get(0).get("components").get(0).get("url").asText();
        assertTrue(url.startsWith(server.baseUri() + "downloads/1/" + one + "?expires="), url);

        Http.Response file = http.withAuthorization(null).get(url);
        assertEquals(200, file.status());
        assertEquals("application/octet-stream", file.header("Content-Type"));
        assertEquals(sha1(FIRMWARE_ONE), sha1(file.bytes()));
    }

    @Test
    void theBundleFilePathDownloadsTheFileForTheDeviceItIsOfferedToOnly() throws Exception {
        String deviceClass = unique("sensor");
        String one = image(unique("fw"), "1.0.0", "a.bin", FIRMWARE_ONE);
        createBundle(bundle("s", deviceClass, null, one));
        Http device = device(deviceClass, null);
        String path = "/bundles/files/1/" + one;

        Http.Response file = device.get(path);
        assertEquals(200, file.status());
        assertEquals(sha1(FIRMWARE_ONE), sha1(file.bytes()));

        assertError(device(unique("other"), null).get(path), 404, "IMAGE_NOT_FOUND");
        // Without a credential, a project without public OTA wants one (docs/security.md), like GET /bundles.
        assertError(http.withAuthorization(null).get(path), 401, "AUTHORIZATION_REQUIRED");
        assertEquals(200, http.get(path).status());
    }

    @Test
    void managingBundlesNeedsTheOperator() {
        Http device = device(unique("sensor"), null);
        assertError(device.postJson("/bundles", bundle("n", "c", null)), 403, "PERMISSION_DENIED");
        assertError(http.withAuthorization(null).postJson("/bundles", bundle("n", "c", null)), 401, "AUTHORIZATION_REQUIRED");
        assertError(http.withAuthorization("Bearer not-a-key").get("/bundles"), 401, "AUTHORIZATION_REQUIRED");
        assertError(http.withAuthorization("Basic abc").get("/bundles"), 401, "AUTHORIZATION_REQUIRED");
    }

    @Test
    void aDeviceReportsItsInstalledBundleAndOperatorsSeeIt() {
        Http.Response registered = http.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"c\"}");
        String id = registered.json().get("id").asText();
        Http device = http.withAuthorization("Bearer " + registered.json().get("apiKey").asText());
        String info = "/devices/" + id + "/firmwareInfo";

        assertTrue(http.get(info).json().get("bundleId").isNull());
        Http.Response reported = device.method("PUT", info, "{\"bundleId\": \"5e0e4a19ff1bc0646141d221\"}");
        assertEquals(200, reported.status());
        reported.expectJson("{\"bundleId\": \"5e0e4a19ff1bc0646141d221\"}");
        http.get(info).expectJson("{\"bundleId\": \"5e0e4a19ff1bc0646141d221\"}");
        device.get(info).expectJson("{\"bundleId\": \"5e0e4a19ff1bc0646141d221\"}");

        assertError(device.method("PUT", info, "{\"bundleId\": \"-starts-with-dash\"}"), 400, "INVALID_INPUT");
        assertError(device.method("PUT", info, "{\"bundleId\": \"a..b\"}"), 400, "INVALID_INPUT");
        assertError(device.method("PUT", info, "{}"), 400, "INVALID_INPUT");
        assertError(device.method("PUT", "/devices/someone-else/firmwareInfo", "{\"bundleId\": \"x1\"}"), 404, "DEVICE_NOT_FOUND");
        assertError(http.method("PUT", info, "{\"bundleId\": \"x1\"}"), 403, "PERMISSION_DENIED");
        assertError(http.withAuthorization(null).get(info), 401, "AUTHORIZATION_REQUIRED");
        assertError(http.get("/devices/unknown-device/firmwareInfo"), 404, "DEVICE_NOT_FOUND");
    }

    @Test
    void anImagePublishedAsAnExternalUrlIsAComponentWithThatUrlAndNoChecksum() {
        String type = unique("ext");
        String id = http.postJson("/api/v1/firmware", "{\"type\": \"" + type + "\", \"version\": \"v7\", "
                + "\"url\": \"https://cdn.example.com/fw/v7.bin?sig=1\"}").json().get("data").get("id").asText();
        JsonNode component = createBundle(bundle("ext", unique("c"), null, id)).get("components").get(0);
        assertEquals("https://cdn.example.com/fw/v7.bin?sig=1", component.get("url").asText());
        assertEquals("v7.bin", component.get("filename").asText());
        assertTrue(component.get("checksum").isNull());
    }

    @Test
    void anImageInABundleAndItsFileCannotBeDeletedThroughAnySurface() {
        String one = image(unique("fw"), "1.0.0", "a.bin", FIRMWARE_ONE);
        String bundleId = createBundle(bundle("keeps", unique("c"), null, one)).get("id").asText();
        Http.Response imageManager = http.delete("/image/" + one);
        assertEquals(409, imageManager.status());
        assertEquals(409, imageManager.json().get("status").asInt());
        Http.Response firmwareApi = http.delete("/api/v1/firmware/" + one);
        assertEquals(409, firmwareApi.status());
        assertEquals(409, firmwareApi.json().get("errors").get(0).get("status").asInt());
        assertEquals(200, http.get("/image/" + one).status());
        Http.Response binary = http.delete("/image/" + one + "/binary");
        assertEquals(409, binary.status(), "a bundle's component keeps its file");
        assertEquals(200, http.get("/image/" + one + "/binary").status());
        assertEquals(204, http.delete("/bundles/" + bundleId).status());
        assertEquals(200, http.delete("/image/" + one).status());
    }
}
