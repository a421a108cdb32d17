package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Device OTA Update (seed 003) over real HTTP, following the document's examples and errors. */
class DeviceOtaApiTest extends RunningServerTest {

    private static final String OTA = "/v1/ota/device";
    private static final int MAX_UPLOAD_BYTES = 64 * 1024;
    private static final String DEPLOYED = "{\"message\": \"Firmware successfully deployed\"}";
    private static final String UNCHANGED = "{\"message\": \"Firmware version unchanged, no update triggered\"}";


    @Override
    Map<String, String> settings() {
        return Map.of("FIRMAMENT_MAX_UPLOAD_BYTES", Integer.toString(MAX_UPLOAD_BYTES));
    }

    private Http anonymous() {
        return http.withAuthorization(null);
    }

    /** A device registered through the management API: its id and its token (the API key). */
    private record Device(String id, String token) {
    }

    private Device register() {
        return register("d" + UUID.randomUUID().toString().replace("-", "").substring(0, 23));
    }

    private Device register(String id) {
        Http.Response created = http.postJson("/api/management/v1/projects/1/devices",
                "{\"id\": \"" + id + "\", \"deviceClass\": \"esp32\"}");
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return new Device(id, created.json().get("apiKey").asText());
    }

    private static List<Http.Part> form(Device device, String version, byte[] firmware) {
        return List.of(Http.Part.firmware(firmware), Http.Part.field("device", device.id()), Http.Part.field("token", device.token()),
                Http.Part.field("version", version));
    }

    private Http.Response post(Http client, List<Http.Part> parts) {
        return client.postForm(OTA, parts);
    }

    private Http.Response post(List<Http.Part> parts) {
        return post(http, parts);
    }

    private void deployed(Device device, String version, byte[] firmware) {
        post(form(device, version, firmware)).expectJson(DEPLOYED);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode listFor(Device device) {
        Http.Response list = http.get(OTA + "?search_value=" + device.id());
        assertEquals(200, list.status());
        return list.json();
    }

    private static void assertMessage(Http.Response response, int status, String message) {
        assertEquals(status, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        response.expectJson(Http.JSON.createObjectNode().put("message", message).toString());
    }

    // --- Make new OTA Update ---

    @Test
    void deployingAnswers201AndTheDeviceSeesTheNewVersion() {
        Device device = register();
        Http.Response response = post(form(device, "1.2.7", bytes("firmware-1.2.7")));
        assertEquals(201, response.status());
        response.expectJson(DEPLOYED);
        anonymous().get(OTA + "/latest/" + device.id()).expectJson("{\"ver\": \"1.2.7\"}");
    }

    @Test
    void thePartsOfTheFormMayComeInAnyOrder() {
        Device device = register();
        post(List.of(Http.Part.field("version", "1.0.0"), Http.Part.field("token", device.token()),
                Http.Part.field("device", device.id()), Http.Part.firmware(bytes("fields-first")))).expectJson(DEPLOYED);
        post(List.of(Http.Part.field("device", device.id()), Http.Part.firmware(bytes("file-in-the-middle")),
                Http.Part.field("version", "1.0.1"), Http.Part.field("token", device.token()))).expectJson(DEPLOYED);
        anonymous().get(OTA + "/latest/" + device.id()).expectJson("{\"ver\": \"1.0.1\"}");
    }

    @Test
    void theSameVersionAsBeforeAnswers200UnchangedAndKeepsNothingOfTheUpload() {
        Device device = register();
        deployed(device, "1.2.7", bytes("original"));
        JsonNode before = listFor(device);
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));

        Http.Response again = post(form(device, "1.2.7", bytes("a different build of the same version")));

        assertEquals(200, again.status());
        again.expectJson(UNCHANGED);
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
        assertEquals(before, listFor(device));
        assertArrayEquals(bytes("original"), anonymous().get(OTA + "/download/" + device.id() + device.token()).bytes());
    }

    @Test
    void aDifferentVersionBecomesTheDevicesNewOtaRecord() {
        Device device = register();
        deployed(device, "1.2.7", bytes("one"));
        String firstId = listFor(device).get("otas").get(0).get("_id").asText();

        deployed(device, "1.3.0", bytes("two"));

        JsonNode list = listFor(device);
        assertEquals(1, list.get("recordsFiltered").asLong(), "only the latest record per device is listed");
        JsonNode ota = list.get("otas").get(0);
        assertEquals("1.3.0", ota.get("version").asText());
        assertFalse(firstId.equals(ota.get("_id").asText()));
        assertArrayEquals(bytes("two"), anonymous().get(OTA + "/download/" + device.id() + device.token()).bytes());
    }

    @Test
    void aRollbackToAnEarlierVersionIsDeployedWithTheNewBinaryOnTheSameImage() {
        Device device = register();
        deployed(device, "1.0.0", bytes("first 1.0.0"));
        String imageId = http.get("/image?label=ota/" + device.id()).json().get(0).get("id").asText();
        deployed(device, "2.0.0", bytes("2.0.0"));

        post(form(device, "1.0.0", bytes("rebuilt 1.0.0"))).expectJson(DEPLOYED);

        anonymous().get(OTA + "/latest/" + device.id()).expectJson("{\"ver\": \"1.0.0\"}");
        assertArrayEquals(bytes("rebuilt 1.0.0"),
                anonymous().get(OTA + "/download/" + device.id() + device.token()).bytes());
        JsonNode images = http.get("/image?label=ota/" + device.id()).json();
        assertEquals(2, images.size());
        assertArrayEquals(bytes("rebuilt 1.0.0"), http.get("/image/" + imageId + "/binary").bytes());
    }

    @ParameterizedTest(name = "without {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "device|device is a mandatory field",
        "token|token is a mandatory field",
        "version|version is a mandatory field",
        "firmware|No file uploaded",
    })
    void eachMissingFieldIsNamedAndNothingIsKept(String omitted, String message) {
        Device device = register();
        List<Http.Part> parts = new ArrayList<>(form(device, "1.0.0", bytes("bytes")));
        parts.removeIf(part -> part.name().equals(omitted));
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));

        assertMessage(post(parts), 400, message);

        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
        assertEquals(0, listFor(device).get("recordsFiltered").asLong());
    }

    @Test
    void missingFieldsAreReportedInTheOrderDeviceTokenVersionFirmware() {
        assertMessage(post(List.of(Http.Part.field("version", "1.0.0"), Http.Part.field("token", "x"))), 400,
                "device is a mandatory field");
        assertMessage(post(List.of(Http.Part.field("device", "abc"), Http.Part.firmware(bytes("x")))), 400,
                "token is a mandatory field");
        assertMessage(post(List.of()), 400, "device is a mandatory field");
    }

    @Test
    void anEmptyFieldCountsAsMissing() {
        Device device = register();
        List<Http.Part> parts = new ArrayList<>(form(device, "1.0.0", bytes("bytes")));
        parts.set(1, Http.Part.field("device", ""));
        assertMessage(post(parts), 400, "device is a mandatory field");
    }

    @Test
    void anEmptyFileOrATextFieldNamedFirmwareIsNoFileUploaded() {
        Device device = register();
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        assertMessage(post(form(device, "1.0.0", new byte[0])), 400, "No file uploaded");
        List<Http.Part> parts = new ArrayList<>(form(device, "1.0.0", bytes("x")));
        parts.set(0, Http.Part.field("firmware", "not a file"));
        assertMessage(post(parts), 400, "No file uploaded");
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
    }

    @Test
    void aBodyThatIsNotAMultipartFormIsNoFileUploaded() {
        assertMessage(http.postJson(OTA, "{\"device\": \"x\"}"), 400, "No file uploaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "-leading-dash", "trailing.", "a/b"})
    void aDeviceIdBreakingTheNamingRuleIsNotValid(String id) {
        Device device = new Device(id, "t".repeat(43));
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        assertMessage(post(form(device, "1.0.0", bytes("x"))), 400, "Device ID is not valid");
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
    }

    @Test
    void anUnknownDeviceAnswers404NoSuchDeviceAndKeepsNothing() {
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        assertMessage(post(form(new Device("unknown-device", "t".repeat(43)), "1.0.0", bytes("x"))), 404,
                "No such device");
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
    }

    @Test
    void aWrongTokenForTheDeviceAnswers400AndKeepsNothing() {
        Device device = register();
        Device impostor = new Device(device.id(), register().token());
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        assertMessage(post(form(impostor, "1.0.0", bytes("x"))), 400, "Device token is not valid");
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
        assertEquals(0, listFor(device).get("recordsFiltered").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "v1.2.7", "01.2.7", "latest", " 1.2.7"})
    void aVersionThatIsNotSemanticAnswers400(String version) {
        Device device = register();
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        assertMessage(post(form(device, version, bytes("x"))), 400, "version must be a semantic version (e.g. 1.5.7)");
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
    }

    @Test
    void anUploadOverTheLimitAnswers413AndKeepsNothing() {
        Device device = register();
        long binaries = TestServers.filesUnder(dataDir.resolve("binaries"));
        Http.Response tooLarge = post(form(device, "1.0.0", new byte[MAX_UPLOAD_BYTES + 1]));
        assertEquals(413, tooLarge.status());
        assertEquals(Set.of("message"), fieldNames(tooLarge.json()));
        assertEquals(binaries, TestServers.filesUnder(dataDir.resolve("binaries")));
    }

    @Test
    void theUploadNeedsTheBearerToken() {
        Device device = register();
        Http.Response missing = post(anonymous(), form(device, "1.0.0", bytes("x")));
        assertEquals(401, missing.status());
        assertEquals(Set.of("message"), fieldNames(missing.json()));
        Http.Response wrong = post(http.withAuthorization("Bearer wrong-token-wrong-token"),
                form(device, "1.0.0", bytes("x")));
        assertEquals(401, wrong.status());
        assertEquals(Set.of("message"), fieldNames(wrong.json()));
        assertEquals(0, listFor(device).get("recordsFiltered").asLong());
    }

    @Test
    void anUnreachableBinaryStoreAnswers503WithTheDocumentsUploadMessage() throws IOException {
        Device device = register();
        Path binaries = dataDir.resolve("binaries");
        Path aside = dataDir.resolve("binaries-aside");
        Files.move(binaries, aside);
        try {
            Files.writeString(binaries, "not a directory");
            Http.Response response = post(form(device, "1.0.0", bytes("x")));
            assertEquals(503, response.status());
            assertEquals("Error when uploading firmware file", response.json().get("message").asText());
            assertEquals(Set.of("message", "error"), fieldNames(response.json()));
            assertFalse(response.json().get("error").asText().contains(dataDir.toString()));
        } finally {
            Files.delete(binaries);
            Files.move(aside, binaries);
        }
        assertEquals(0, listFor(device).get("recordsFiltered").asLong());
    }

    // --- Get all OTA Updates ---

    @Test
    void theListShowsTheDocumentedFieldsAndNeverTheToken() {
        Device device = register();
        deployed(device, "1.2.7", bytes("firmware"));

        JsonNode list = http.get(OTA + "?search_value=" + device.id() + "&draw=warp").json();

        assertEquals(Set.of("otas", "recordsTotal", "recordsFiltered", "draw"), fieldNames(list));
        assertEquals("warp", list.get("draw").asText());
        assertEquals(1, list.get("recordsFiltered").asLong());
        assertTrue(list.get("recordsTotal").asLong() >= 1);
        JsonNode ota = list.get("otas").get(0);
        assertEquals(Set.of("_id", "device", "__v", "last_updated", "owner", "path", "version"), fieldNames(ota));
        assertTrue(ota.get("_id").asText().matches("[0-9a-f-]{36}"));
        assertEquals(device.id(), ota.get("device").asText());
        assertEquals(0, ota.get("__v").asInt());
        assertTrue(ota.get("last_updated").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                ota.get("last_updated").asText());
        assertEquals("1", ota.get("owner").asText());
        assertTrue(ota.get("owner").isTextual());
        assertEquals("ota/device/" + device.id() + "/firmware.bin", ota.get("path").asText());
        assertEquals("1.2.7", ota.get("version").asText());
        assertFalse(list.toString().contains(device.token()));
    }

    @Test
    void theListPagesSearchesAndOrdersByLastUpdate() {
        String prefix = "pg" + UUID.randomUUID().toString().substring(0, 8);
        List<Device> devices = List.of(register(prefix + "-a"), register(prefix + "-b"), register(prefix + "-c"));
        for (Device device : devices) {
            deployed(device, "1.0.0", bytes(device.id()));
        }

        assertEquals(List.of(prefix + "-c", prefix + "-b", prefix + "-a"), deviceIds(OTA + "?search_value=" + prefix));
        assertEquals(List.of(prefix + "-a", prefix + "-b", prefix + "-c"),
                deviceIds(OTA + "?search_value=" + prefix + "&order_dir=asc"));
        assertEquals(List.of(prefix + "-b"), deviceIds(OTA + "?search_value=" + prefix + "&offset=1&limit=1"));
        JsonNode page = http.get(OTA + "?search_value=" + prefix.toUpperCase() + "&offset=2&limit=5").json();
        assertEquals(3, page.get("recordsFiltered").asLong());
        assertEquals(1, page.get("otas").size());
        assertTrue(page.get("recordsTotal").asLong() >= 3);
        assertEquals("", page.get("draw").asText(), "draw defaults to an empty string");
    }

    @Test
    void aDeviceWithoutAnyOtaRecordIsNotListed() {
        JsonNode list = listFor(register());
        assertEquals(0, list.get("otas").size());
        assertEquals(0, list.get("recordsFiltered").asLong());
    }

    @Test
    void theListHoldsAtMostTenByDefault() {
        for (int i = 0; i < 11; i++) {
            deployed(register(), "1.0.0", bytes("x"));
        }
        JsonNode list = http.get(OTA).json();
        assertEquals(10, list.get("otas").size());
        assertTrue(list.get("recordsTotal").asLong() >= 11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"offset=-1", "offset=abc", "limit=0", "limit=101", "limit=1.5", "order_dir=sideways"})
    void badListParametersAnswer400(String query) {
        Http.Response response = http.get(OTA + "?" + query);
        assertEquals(400, response.status());
        assertEquals(Set.of("message"), fieldNames(response.json()));
    }

    @Test
    void theListNeedsTheBearerToken() {
        Http.Response missing = anonymous().get(OTA);
        assertEquals(401, missing.status());
        assertEquals(Set.of("message"), fieldNames(missing.json()));
        Http.Response wrong = http.withAuthorization("Bearer wrong-token-wrong-token").get(OTA);
        assertEquals(401, wrong.status());
        assertEquals(Set.of("message"), fieldNames(wrong.json()));
    }

    // --- Get latest firmware version ---

    @Test
    void theLatestVersionNeedsNoAuthorization() {
        Device device = register();
        deployed(device, "1.0.1", bytes("x"));
        Http.Response latest = anonymous().get(OTA + "/latest/" + device.id());
        assertEquals(200, latest.status());
        latest.expectJson("{\"ver\": \"1.0.1\"}");
    }

    @Test
    void theLatestVersionOfAnUnknownOrMalformedDeviceOrOneWithoutFirmwareIs404NoSuchDevice() {
        Http.Response unknown = anonymous().get(OTA + "/latest/no-such-device");
        Http.Response malformed = anonymous().get(OTA + "/latest/bad%20id");
        Http.Response withoutFirmware = anonymous().get(OTA + "/latest/" + register().id());
        for (Http.Response response : List.of(unknown, malformed, withoutFirmware)) {
            assertEquals(404, response.status());
            assertEquals("No such device", response.json().get("message").asText());
            assertTrue(response.json().get("error").isTextual());
            assertEquals(Set.of("message", "error"), fieldNames(response.json()));
            assertEquals(unknown.json(), response.json(), "the three cases cannot be told apart");
        }
    }

    // --- Download latest firmware ---

    @Test
    void theDeviceDownloadsItsLatestBinaryWithIdAndTokenInThePath() {
        Device device = register();
        byte[] firmware = new byte[40_000];
        new java.util.Random(3).nextBytes(firmware);
        post(List.of(Http.Part.field("device", device.id()), Http.Part.field("token", device.token()),
                Http.Part.field("version", "3.1.4"), new Http.Part("firmware", "my-build.bin", firmware))).expectJson(DEPLOYED);

        Http.Response download = anonymous().get(OTA + "/download/" + device.id() + device.token());

        assertEquals(200, download.status());
        assertEquals("application/octet-stream", download.header("Content-Type"));
        assertEquals(Integer.toString(firmware.length), download.header("Content-Length"));
        assertTrue(download.header("Content-Disposition").contains("filename=\"my-build.bin\""),
                download.header("Content-Disposition"));
        assertArrayEquals(firmware, download.bytes());
    }

    @Test
    void aWrongTokenAnUnknownDeviceNoFirmwareAndATooShortPathAllAnswerTheSame404() {
        Device device = register();
        deployed(device, "1.0.0", bytes("x"));
        Device withoutFirmware = register();
        List<String> paths = List.of(
                device.id() + register().token(),
                "unknown-device" + device.token(),
                withoutFirmware.id() + withoutFirmware.token(),
                device.token(),
                device.token().substring(1),
                "bad%20id" + device.token());
        JsonNode first = null;
        for (String path : paths) {
            Http.Response response = anonymous().get(OTA + "/download/" + path);
            assertEquals(404, response.status(), path);
            assertEquals("No such device", response.json().get("message").asText());
            assertEquals(Set.of("message", "error"), fieldNames(response.json()));
            if (first == null) {
                first = response.json();
            }
            assertEquals(first, response.json(), "no case can be told apart from the others: " + path);
        }
    }

    // --- The surface as a whole ---

    @Test
    void unknownPathsUnderThePrefixAnswer404InTheSurfaceFormat() {
        Http.Response response = http.get(OTA + "/nothing/here");
        assertEquals(404, response.status());
        assertEquals(Set.of("message"), fieldNames(response.json()));
        assertEquals(401, anonymous().get(OTA + "/nothing/here").status(), "private paths reveal nothing without a token");
    }

    @Test
    void theDeployedFirmwareIsAnImageInTheImageManagerAndAnEntryInTheFirmwareApi() {
        Device device = register();
        deployed(device, "2.4.1", bytes("cross-surface"));

        JsonNode images = http.get("/image?label=ota/" + device.id()).json();
        assertEquals(1, images.size());
        JsonNode image = images.get(0);
        assertEquals("2.4.1", image.get("fw_version").asText());
        assertTrue(image.get("confirmed").asBoolean());
        assertArrayEquals(bytes("cross-surface"), http.get("/image/" + image.get("id").asText() + "/binary").bytes());

        JsonNode entry = http.get("/api/v1/firmware/" + image.get("id").asText()).json().get("data");
        assertEquals(image.get("id").asText(), entry.get("id").asText());
        assertEquals("ota/" + device.id(), entry.get("type").asText());
        assertEquals("2.4.1", entry.get("version").asText());
        assertTrue(entry.get("url").asText().contains("/downloads/1/" + image.get("id").asText() + "?"));
        assertArrayEquals(bytes("cross-surface"), http.withAuthorization(null).get(entry.get("url").asText()).bytes());
    }

    private List<String> deviceIds(String path) {
        Http.Response response = http.get(path);
        assertEquals(200, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        response.json().get("otas").forEach(ota -> ids.add(ota.get("device").asText()));
        return ids;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
