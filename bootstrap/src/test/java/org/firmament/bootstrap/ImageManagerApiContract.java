package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Image Manager API (seed 001) over real HTTP against the running server, one case per
 * example exchange and error path of the document. Subclasses choose the database and store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImageManagerApiContract {

    static final String ADMIN_TOKEN = TestServers.ADMIN_TOKEN;
    private static final String NO_TOKEN = "{\"message\": \"No authorization token has been supplied\", \"status\": 401}";
    private static final Pattern CREATED = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");

    private Path dataDir;

    private FirmamentServer server;
    Http http;

    /** The settings of the deployment under test, beyond port, data directory and admin token. */
    abstract Map<String, String> deploymentSettings();

    @BeforeAll
    void startServer() throws IOException {
        dataDir = Files.createTempDirectory("firmament-api-test");
        start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
        TestServers.deleteTree(dataDir);
    }

    private void start() {
        server = TestServers.start(dataDir, deploymentSettings());
        http = TestServers.client(server);
    }

    private String label() {
        return "FW_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode create(String label, String version) {
        Http.Response created = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"" + version + "\"}");
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return created.json();
    }

    // --- authorization -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/image", "/image/", "/image/binary/", "/image/b60aa5e9-cbe6-4b51-b76c-08cf8273db07",
            "/image/b60aa5e9-cbe6-4b51-b76c-08cf8273db07/binary", "/image/no/such/path"})
    void withoutAnAuthorizationHeaderEveryImagePathAnswers401WithTheSeedBody(String path) {
        Http.Response response = http.withAuthorization(null).get(path);
        assertEquals(401, response.status());
        assertEquals("application/json", response.header("Content-Type"));
        response.expectJson(NO_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-token-wrong-token", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
            "test-admin-token-0123456789", "Bearer test-admin-token-012345678"})
    void aWrongOrMalformedAuthorizationHeaderAnswers401(String header) {
        Http.Response response = http.withAuthorization(header).get("/image");
        assertEquals(401, response.status());
        assertEquals(401, response.json().get("status").asInt());
        assertTrue(response.json().get("message").isTextual());
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertEquals(200, http.withAuthorization("bearer " + ADMIN_TOKEN).get("/image").status());
    }

    @Test
    void writesWithoutAuthorizationChangeNothing() {
        String label = label();
        Http.Response refused = http.withAuthorization(null)
                .postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(401, refused.status());
        assertEquals(0, http.get("/image?label=" + label).json().size());
    }

    // --- images --------------------------------------------------------------------------------

    @Test
    void createAnswers201WithLocationAndTheSchemasFields() {
        String label = label();
        Http.Response created = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(201, created.status());
        assertEquals("application/json", created.header("Content-Type"));
        JsonNode body = created.json();
        String id = body.get("id").asText();
        assertEquals("/image/" + id, created.header("Location"));
        assertEquals(label, body.get("label").asText());
        assertEquals("1.0.0", body.get("fw_version").asText());
        assertFalse(body.get("confirmed").asBoolean());
        assertTrue(CREATED.matcher(body.get("created").asText()).matches(), body.get("created").asText());
        assertEquals(body.get("created"), body.get("published_at"));
        assertTrue(Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(body.get("url").asText()).find(), "url matches the schema's pattern");
    }

    @Test
    void createWorksWithAndWithoutTheTrailingSlash() {
        assertEquals(201, http.postJson("/image", "{\"label\": \"" + label() + "\", \"fw_version\": \"1.0.0\"}").status());
    }

    @Test
    void listShowsEveryImageAndTheLabelFilterNarrowsIt() {
        String label = label();
        JsonNode first = create(label, "1.0.0-rc1");
        JsonNode second = create(label, "1.0.0");
        create(label(), "1.0.0");

        Http.Response filtered = http.get("/image?label=" + label);
        assertEquals(200, filtered.status());
        assertEquals(2, filtered.json().size());
        assertEquals(first.get("id"), filtered.json().get(0).get("id"));
        assertEquals(second.get("id"), filtered.json().get(1).get("id"));
        JsonNode listed = filtered.json().get(0);
        assertEquals(java.util.Set.of("created", "confirmed", "label", "fw_version", "id"),
                fieldNames(listed));

        assertTrue(http.get("/image").json().size() >= 3);
        assertTrue(http.get("/image/").json().size() >= 3);
        assertEquals(0, http.get("/image?label=nothing-has-this-label").json().size());
    }

    @Test
    void getAnswersTheImagesMetadata() {
        String label = label();
        String id = create(label, "1.0.0").get("id").asText();
        Http.Response got = http.get("/image/" + id);
        assertEquals(200, got.status());
        assertEquals(label, got.json().get("label").asText());
        assertEquals("1.0.0", got.json().get("fw_version").asText());
        assertEquals(id, got.json().get("id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"efac", "57852f31-a906-4d5f-a0c3-fde41ff64d", "b60aa5e9-cbe6-4b51-b76c-08cf8273db07"})
    void getOfAnUnknownOrMalformedIdAnswers404NamingIt(String id) {
        Http.Response missing = http.get("/image/" + id);
        assertEquals(404, missing.status());
        missing.expectJson("{\"message\": \"No such image: " + id + "\", \"status\": 404}");
    }

    @Test
    void deleteAnswersTheRemovedImageAndResultOk() {
        JsonNode image = create(label(), "1.0.0-rc1");
        String id = image.get("id").asText();
        Http.Response deleted = http.delete("/image/" + id);
        assertEquals(200, deleted.status());
        assertEquals("ok", deleted.json().get("result").asText());
        JsonNode removed = deleted.json().get("removed_image");
        assertEquals(id, removed.get("id").asText());
        assertEquals(image.get("created"), removed.get("created"));
        assertFalse(removed.get("confirmed").asBoolean());
        assertEquals(404, http.get("/image/" + id).status());
        Http.Response again = http.delete("/image/" + id);
        assertEquals(404, again.status());
        again.expectJson("{\"message\": \"No such image: " + id + "\", \"status\": 404}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"fw_version\": \"1.0.0\"}|{\"label\": [\"Missing data for required field.\"]}",
        "{\"label\": \"x\"}|{\"fw_version\": [\"Missing data for required field.\"]}",
        "{}|{\"label\": [\"Missing data for required field.\"], \"fw_version\": [\"Missing data for required field.\"]}",
        "{\"label\": 5, \"fw_version\": \"1.0.0\"}|{\"label\": [\"Not a valid string.\"]}",
        "{\"label\": \"x\", \"fw_version\": 1.0}|{\"fw_version\": [\"Not a valid string.\"]}",
        "{\"label\": null, \"fw_version\": \"1.0.0\"}|{\"label\": [\"Field may not be null.\"]}",
        "[1, 2]|{\"_schema\": [\"Invalid input type.\"]}",
        "\"text\"|{\"_schema\": [\"Invalid input type.\"]}",
        "{\"label\": |{\"_schema\": [\"Invalid JSON.\"]}",
    })
    void createWithMissingOrWronglyTypedFieldsAnswers400WithTheErrorsMap(String body, String errors) {
        Http.Response refused = http.postJson("/image/", body);
        assertEquals(400, refused.status());
        refused.expectJson("{\"message\": \"failed to parse input\", \"errors\": " + errors + "}");
    }

    @Test
    void createWithAnEmptyBodyAnswers400() {
        Http.Response refused = http.postJson("/image/", "");
        assertEquals(400, refused.status());
        assertEquals("failed to parse input", refused.json().get("message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1.0.0", "01.0.0", "1.0.0-"})
    void createWithAVersionThatIsNotSemanticAnswers400OnFwVersion(String version) {
        Http.Response refused = http.postJson("/image/", "{\"label\": \"" + label() + "\", \"fw_version\": \"" + version + "\"}");
        assertEquals(400, refused.status());
        assertEquals("failed to parse input", refused.json().get("message").asText());
        assertTrue(refused.json().get("errors").get("fw_version").get(0).isTextual());
    }

    @Test
    void createWithAnOverlongLabelAnswers400OnLabel() {
        Http.Response refused = http.postJson("/image/", "{\"label\": \"" + "x".repeat(129) + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(400, refused.status());
        assertTrue(refused.json().get("errors").has("label"));
    }

    @Test
    void aSecondImageWithTheSameLabelAndVersionAnswers409() {
        String label = label();
        create(label, "1.0.0");
        Http.Response conflict = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(409, conflict.status());
        assertEquals(409, conflict.json().get("status").asInt());
        assertEquals(1, http.get("/image?label=" + label).json().size());
    }

    @Test
    void anUnsupportedMethodAnswers405InTheSurfacesFormat() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response refused = http.method("PATCH", "/image/" + id, "{}");
        assertEquals(405, refused.status());
        assertEquals(405, refused.json().get("status").asInt());
    }

    // --- binaries ------------------------------------------------------------------------------

    @Test
    void uploadingABinaryConfirmsTheImageAndItDownloadsAsOctetStream() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response uploaded = http.postFile("/image/" + id + "/binary", "image", "image.hex",
                "0123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, uploaded.status());
        uploaded.expectJson("{\"image\": \"" + id + "\", \"message\": \"image uploaded\"}");
        assertTrue(http.get("/image/" + id).json().get("confirmed").asBoolean());

        Http.Response download = http.get("/image/" + id + "/binary");
        assertEquals(200, download.status());
        assertEquals("application/octet-stream", download.header("Content-Type"));
        assertEquals("10", download.header("Content-Length"));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), download.bytes());

        assertTrue(http.get("/image/binary/").json().toString().contains("\"" + id + ".hex\""));
        assertTrue(http.get("/image/binary").json().toString().contains("\"" + id + ".hex\""));
    }

    @Test
    void uploadingAgainReplacesTheBinary() {
        String id = create(label(), "1.0.0").get("id").asText();
        http.postFile("/image/" + id + "/binary", "image", "a.hex", "first".getBytes(StandardCharsets.US_ASCII));
        http.postFile("/image/" + id + "/binary", "image", "b.hex", "second".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("second".getBytes(StandardCharsets.US_ASCII), http.get("/image/" + id + "/binary").bytes());
    }

    @Test
    void deletingTheBinaryUnconfirmsTheImageAndLaterReadsAnswerNoBinary() {
        String id = create(label(), "1.0.0").get("id").asText();
        http.postFile("/image/" + id + "/binary", "image", "image.hex", new byte[] {1, 2, 3});
        Http.Response deleted = http.delete("/image/" + id + "/binary");
        assertEquals(200, deleted.status());
        deleted.expectJson("{\"result\": \"ok\"}");
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
        assertFalse(http.get("/image/binary/").json().toString().contains(id));

        String noBinary = "{\"message\": \"Image does not have an binary file\", \"status\": 404}";
        Http.Response download = http.get("/image/" + id + "/binary");
        assertEquals(404, download.status());
        download.expectJson(noBinary);
        Http.Response deleteAgain = http.delete("/image/" + id + "/binary");
        assertEquals(404, deleteAgain.status());
        deleteAgain.expectJson(noBinary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"57852f31-a906-4d5f-a0c3-fde41ff64d", "b60aa5e9-cbe6-4b51-b76c-08cf8273db07"})
    void binaryEndpointsOfAnUnknownImageAnswer404NamingIt(String id) {
        String expected = "{\"message\": \"No such image: " + id + "\", \"status\": 404}";
        Http.Response download = http.get("/image/" + id + "/binary");
        assertEquals(404, download.status());
        download.expectJson(expected);
        Http.Response delete = http.delete("/image/" + id + "/binary");
        assertEquals(404, delete.status());
        delete.expectJson(expected);
        Http.Response upload = http.postFile("/image/" + id + "/binary", "image", "image.hex", new byte[] {1});
        assertEquals(404, upload.status());
        upload.expectJson(expected);
    }

    @Test
    void anUploadWithoutAnImagePartAnswers400AndStoresNothing() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response refused = http.postFile("/image/" + id + "/binary", "file", "image.hex", new byte[] {1});
        assertEquals(400, refused.status());
        assertEquals(400, refused.json().get("status").asInt());
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
    }

    @Test
    void anUploadThatIsNotMultipartAnswers400() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response refused = http.postJson("/image/" + id + "/binary", "{}");
        assertEquals(400, refused.status());
        assertEquals(400, refused.json().get("status").asInt());
    }

    @Test
    void aMalformedMultipartBodyAnswers400() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response refused = http.send(http.request("/image/" + id + "/binary")
                .header("Content-Type", "multipart/form-data;boundary=BOUNDARY")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--BOUNDARY\r\nContent-Disposition: form-data; "
                        + "name=\"image\"; filename=\"a.hex\"\r\n\r\nunterminated")).build());
        assertEquals(400, refused.status());
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
    }

    @Test
    void anEmptyFileAnswers400AndLeavesTheImageUnconfirmed() {
        String id = create(label(), "1.0.0").get("id").asText();
        Http.Response refused = http.postFile("/image/" + id + "/binary", "image", "image.hex", new byte[0]);
        assertEquals(400, refused.status());
        refused.expectJson("{\"message\": \"No file uploaded\", \"status\": 400}");
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
    }

    @Test
    void aLargeBinaryStreamsThroughAndComesBackIdentical() throws Exception {
        String id = create(label(), "1.0.0").get("id").asText();
        long size = 48L * 1024 * 1024 + 7;
        Http.Response uploaded = http.postFile("/image/" + id + "/binary", "image", "big.hex",
                () -> new GeneratedStream(size));
        assertEquals(200, uploaded.status());

        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream generated = new GeneratedStream(size)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = generated.read(buffer)) >= 0) {
                expected.update(buffer, 0, n);
            }
        }
        HttpResponse<InputStream> download = http.stream("/image/" + id + "/binary");
        assertEquals(200, download.statusCode());
        assertEquals(String.valueOf(size), download.headers().firstValue("Content-Length").orElseThrow());
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream body = download.body()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                actual.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(size, total);
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(actual.digest()));
    }

    @Test
    void dataSurvivesARestart() throws IOException {
        String label = label();
        String id = create(label, "2.0.0").get("id").asText();
        http.postFile("/image/" + id + "/binary", "image", "image.hex", "persisted".getBytes(StandardCharsets.US_ASCII));

        server.close();
        start();

        assertEquals(label, http.get("/image/" + id).json().get("label").asText());
        assertTrue(http.get("/image/" + id).json().get("confirmed").asBoolean());
        assertArrayEquals("persisted".getBytes(StandardCharsets.US_ASCII), http.get("/image/" + id + "/binary").bytes());
    }

    @Test
    void aClientOfferingAnHttp2UpgradeGetsAnHttp11AnswerWithoutDelay() throws Exception {
        // Java's HttpClient offers "Upgrade: h2c" by default, with the request body attached.
        java.net.http.HttpClient upgrading = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> created = upgrading.send(java.net.http.HttpRequest.newBuilder(
                        server.baseUri().resolve("/image/"))
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"label\": \"" + label() + "\", \"fw_version\": \"1.0.0\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, created.version());
        assertEquals("application/json", created.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void healthAnswers200WhenDatabaseAndStoreAreReachable() {
        Http.Response health = http.withAuthorization(null).get("/health");
        assertEquals(200, health.status());
        health.expectJson("{\"status\": \"UP\", \"checks\": {\"database\": \"UP\", \"binaryStore\": \"UP\"}}");
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A deterministic, endless-looking byte stream of a given length that is never held in memory. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;

        GeneratedStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return (int) ((position++ * 31 + 7) & 0xff);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position++ * 31 + 7) & 0xff);
            }
            return n;
        }
    }
}
