package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Firmware API (seed 000) over real HTTP, following the document's examples and errors. */
class FirmwareApiTest extends RunningServerTest {

    private static final String URL = "https://storage.googleapis.com/<BUCKET_NAME>/<FIRMWARE_FILE_NAME>.bin&alt=media";
    private static final String DUPLICATE = "{\"errors\": [{\"status\": 400, \"detail\": "
            + "\"duplicate key value violates unique constraint \\\"firmware_type_version_key\\\"\"}]}";





    private static String type() {
        return "T" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String entry(String type, String version, String url) {
        return "{\"type\": \"" + type + "\", \"version\": \"" + version + "\", \"url\": \"" + url + "\"}";
    }

    private JsonNode created(String type, String version) {
        Http.Response created = http.postJson("/api/v1/firmware", entry(type, version, URL));
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return created.json().get("data");
    }

    @Test
    void postCreatesAnEntryAnswering201WithTheDocumentedEnvelope() {
        String type = type();
        Http.Response created = http.postJson("/api/v1/firmware", entry(type, "01932023020111482", URL));
        assertEquals(201, created.status());
        JsonNode body = created.json();
        assertEquals(true, body.get("status").asBoolean());
        assertEquals("Firmware created successfully", body.get("msg").asText());
        assertEquals(type, body.get("data").get("type").asText());
        assertEquals("01932023020111482", body.get("data").get("version").asText());
        assertEquals(URL, body.get("data").get("url").asText());
        assertTrue(body.get("data").get("id").asText().matches("[0-9a-f-]{36}"));
    }

    @Test
    void getAnswersTheEntryInTheFetchEnvelope() {
        JsonNode entry = created(type(), "1");
        Http.Response got = http.get("/api/v1/firmware/" + entry.get("id").asText());
        assertEquals(200, got.status());
        got.expectJson("{\"msg\": \"Firmwares fetched successfully\", \"data\": " + entry + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"421d73aa-af8f-467f-a8e8-ee1331378ea8", "not-a-uuid"})
    void getOfAnUnknownEntryAnswers404InTheErrorsShape(String id) {
        Http.Response missing = http.get("/api/v1/firmware/" + id);
        assertEquals(404, missing.status());
        missing.expectJson("{\"errors\": [{\"status\": 404, \"detail\": \"The firmware entry was not found.\"}]}");
    }

    @Test
    void aSecondEntryWithTheSameTypeAndVersionAnswersTheDocumented400() {
        String type = type();
        created(type, "7");
        Http.Response duplicate = http.postJson("/api/v1/firmware", entry(type, "7", URL));
        assertEquals(400, duplicate.status());
        duplicate.expectJson(DUPLICATE);
    }

    @Test
    void racingDuplicatesLeaveExactlyOneEntry() throws Exception {
        String type = type();
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Http.Response>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return http.postJson("/api/v1/firmware", entry(type, "42", URL));
                }));
            }
            start.countDown();
            int createdCount = 0;
            for (Future<Http.Response> result : results) {
                Http.Response response = result.get();
                if (response.status() == 201) {
                    createdCount++;
                } else {
                    assertEquals(400, response.status());
                    response.expectJson(DUPLICATE);
                }
            }
            assertEquals(1, createdCount);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, http.get("/image?label=" + type).json().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"version\": \"1\", \"url\": \"https://x.example/a.bin\"}|type is required",
        "{\"type\": \"OKM\", \"url\": \"https://x.example/a.bin\"}|version is required",
        "{\"type\": \"OKM\", \"version\": \"1\"}|url is required",
        "{\"type\": 5, \"version\": \"1\", \"url\": \"https://x.example/a.bin\"}|type must be a string",
        "{\"type\": \"X\", \"version\": \"1\", \"url\": \"ftp://x.example/a.bin\"}|url must be an absolute http or https URL",
        "{\"type\": \"X\", \"version\": \"1\", \"url\": \"https://x.example/a b.bin\"}|url must be an absolute http or https URL",
        "[]|The request body must be a JSON object with type, version and url",
        "{{\"type\": \"OKM\"}}|The request body is not valid JSON",
    })
    void invalidEntriesAnswer400NamingTheProblem(String body, String detail) {
        Http.Response refused = http.postJson("/api/v1/firmware", body);
        assertEquals(400, refused.status());
        assertEquals(detail, refused.json().get("errors").get(0).get("detail").asText());
        assertEquals(400, refused.json().get("errors").get(0).get("status").asInt());
    }

    @Test
    void okmAndIr4keyExistOutOfTheBoxWithNumericVersions() {
        for (String builtIn : List.of("OKM", "IR4KEY")) {
            Http.Response check = http.get("/api/v1/firmware/check?type=" + builtIn + "&version=1");
            assertEquals(200, check.status(), builtIn + " is known before anything was published");
            Http.Response notNumeric = http.postJson("/api/v1/firmware", entry(builtIn, "1.2.3", URL));
            assertEquals(400, notNumeric.status());
        }
    }

    @Test
    void putUpdatesTheEntry() {
        String type = type();
        JsonNode entry = created(type, "1");
        String id = entry.get("id").asText();
        Http.Response updated = http.method("PUT", "/api/v1/firmware/" + id,
                "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"version\": \"2\", \"url\": \"https://x.example/2.bin\"}");
        assertEquals(200, updated.status());
        updated.expectJson("{\"status\": true, \"msg\": \"Firmware updated successfully\", \"data\": {\"id\": \"" + id
                + "\", \"type\": \"" + type + "\", \"version\": \"2\", \"url\": \"https://x.example/2.bin\"}}");
        assertEquals("2", http.get("/api/v1/firmware/" + id).json().get("data").get("version").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"421d73aa-af8f-467f-a8e8-ee1331378ea8", "not-a-uuid"})
    void putOfAMissingEntryAnswersTheDocumented400(String id) {
        Http.Response refused = http.method("PUT", "/api/v1/firmware/" + id, entry("OKM", "1", URL));
        assertEquals(400, refused.status());
        refused.expectJson("{\"errors\": [{\"status\": 400, \"detail\": \"Failed to update firmware\"}]}");
    }

    @Test
    void putOntoAVersionAnotherEntryHoldsAnswersTheDuplicate400() {
        String type = type();
        created(type, "1");
        String second = created(type, "2").get("id").asText();
        Http.Response refused = http.method("PUT", "/api/v1/firmware/" + second, entry(type, "1", URL));
        assertEquals(400, refused.status());
        refused.expectJson(DUPLICATE);
        assertEquals("2", http.get("/api/v1/firmware/" + second).json().get("data").get("version").asText());
    }

    @Test
    void putWithAnIdInTheBodyThatContradictsThePathAnswers400() {
        String id = created(type(), "1").get("id").asText();
        Http.Response refused = http.method("PUT", "/api/v1/firmware/" + id,
                "{\"id\": \"421d73aa-af8f-467f-a8e8-ee1331378ea8\", \"type\": \"OKM\", \"version\": \"1\", \"url\": \"" + URL + "\"}");
        assertEquals(400, refused.status());
    }

    @Test
    void deleteAnswers204WithAnEmptyBodyThen404() {
        String id = created(type(), "1").get("id").asText();
        Http.Response deleted = http.delete("/api/v1/firmware/" + id);
        assertEquals(204, deleted.status());
        assertEquals(0, deleted.bytes().length);
        assertEquals(404, http.delete("/api/v1/firmware/" + id).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/firmware/421d73aa-af8f-467f-a8e8-ee1331378ea8", "/api/v1/firmware"})
    void patchIsNotSupported(String path) {
        Http.Response refused = http.method("PATCH", path, "{}");
        assertEquals(405, refused.status());
        refused.expectJson("{\"errors\": [{\"status\": 405, \"detail\": \"Cannot PATCH\"}]}");
    }

    @Test
    void withoutAValidAccessTokenEveryPathAnswers401() {
        for (String header : new String[] {null, "Bearer wrong-token-wrong-token"}) {
            Http.Response refused = http.withAuthorization(header).get("/api/v1/firmware/421d73aa-af8f-467f-a8e8-ee1331378ea8");
            assertEquals(401, refused.status());
            assertEquals(401, refused.json().get("errors").get(0).get("status").asInt());
        }
        Http.Response revoked = http.withAuthorization("Bearer wrong-token-wrong-token").postJson("/api/v1/firmware", entry(type(), "1", URL));
        revoked.expectJson("{\"errors\": [{\"status\": 401, \"detail\": \"The accessToken is invalid or has been revoked.\"}]}");
    }

    @Test
    void anImageWithAStoredBinaryIsAnEntryWhoseUrlDownloadsIt() {
        String label = type();
        String id = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();
        assertTrue(http.get("/api/v1/firmware/" + id).json().get("data").get("url").isNull(), "no artifact yet");
        http.postFile("/image/" + id + "/binary", "image", "fw.bin", "firmware-bytes".getBytes(StandardCharsets.US_ASCII));

        JsonNode entry = http.get("/api/v1/firmware/" + id).json().get("data");
        assertEquals(label, entry.get("type").asText());
        String url = entry.get("url").asText();
        assertTrue(url.startsWith(server.baseUri().toString()), url);
        assertArrayEquals("firmware-bytes".getBytes(StandardCharsets.US_ASCII),
                http.get(url).bytes());

        Http.Response keep = http.method("PUT", "/api/v1/firmware/" + id, entry(label, "1.0.1", url));
        assertEquals(200, keep.status(), "sending the download link back keeps the stored binary");
        assertTrue(http.get("/image/" + id).json().get("confirmed").asBoolean());
    }

    @Test
    void anEntryCreatedHereIsAnImageOfTheImageManager() {
        String type = type();
        String id = created(type, "5").get("id").asText();
        JsonNode image = http.get("/image/" + id).json();
        assertEquals(type, image.get("label").asText());
        assertEquals("5", image.get("fw_version").asText());
    }

    @Test
    void theDeviceCheckAnswersTheNewerEntryOrUpToDate() {
        http.postJson("/api/v1/firmware", entry("OKM", "01932023020111482", URL));
        Http.Response behind = http.get("/api/v1/firmware/check?type=OKM&version=01932023020111000");
        assertEquals(200, behind.status());
        assertEquals("A newer firmware is available", behind.json().get("msg").asText());
        assertEquals("01932023020111482", behind.json().get("data").get("version").asText());
        assertEquals(URL, behind.json().get("data").get("url").asText());

        Http.Response current = http.get("/api/v1/firmware/check?type=OKM&version=01932023020111482");
        current.expectJson("{\"msg\": \"Firmware is up to date\", \"data\": null}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "?version=1|400",
        "?type=OKM|400",
        "?type=OKM&version=1.0|400",
        "?type=NO_SUCH_TYPE&version=1|404",
    })
    void theDeviceCheckRefusesIncompleteOrUnknownQuestions(String query, int status) {
        Http.Response refused = http.get("/api/v1/firmware/check" + query);
        assertEquals(status, refused.status());
        assertEquals(status, refused.json().get("errors").get(0).get("status").asInt());
    }
}
