package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The management API as far as it goes (projects, device registration), over real HTTP; errors are RFC 9457 problems. */
class ManagementDeviceApiTest extends RunningServerTest {

    private static final String DEVICES = "/api/management/v1/projects/1/devices";





    private static void assertProblem(Http.Response response, int status) {
        assertEquals(status, response.status());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(status, response.json().get("status").asInt());
        assertTrue(response.json().get("title").isTextual());
        assertTrue(response.json().get("detail").isTextual());
    }

    @Test
    void registeringADeviceAnswers201WithItsKeyShownOnce() {
        Http.Response created = http.postJson(DEVICES,
                "{\"id\": \"5e1b57808711f904f5df4bad\", \"deviceClass\": \"smart_light\", \"channel\": \"beta\"}");
        assertEquals(201, created.status());
        JsonNode device = created.json();
        assertEquals("5e1b57808711f904f5df4bad", device.get("id").asText());
        assertEquals(1, device.get("projectId").asInt());
        assertEquals("smart_light", device.get("deviceClass").asText());
        assertEquals("beta", device.get("channel").asText());
        assertTrue(device.get("apiKey").asText().matches("[A-Za-z0-9_-]{43}"), device.get("apiKey").asText());
    }

    @Test
    void withoutIdAndChannelTheDeviceGetsAGeneratedIdAndFollowsTheProjectChannel() {
        JsonNode device = http.postJson(DEVICES, "{\"deviceClass\": \"sensor\"}").json();
        assertTrue(device.get("id").asText().matches("[0-9a-f]{24}"));
        assertTrue(device.get("channel").isNull());
    }

    @Test
    void aTakenIdAnswers409() {
        assertEquals(201, http.postJson(DEVICES, "{\"id\": \"taken-1\", \"deviceClass\": \"c\"}").status());
        assertProblem(http.postJson(DEVICES, "{\"id\": \"taken-1\", \"deviceClass\": \"c\"}"), 409);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}",
        "{\"deviceClass\": 5}",
        "{\"deviceClass\": \"-bad\"}",
        "{\"deviceClass\": \"ok\", \"id\": \"has space\"}",
        "{\"deviceClass\": \"ok\", \"channel\": 3}",
        "[1]",
        "{not json",
    })
    void invalidRegistrationsAnswer400Problems(String body) {
        assertProblem(http.postJson(DEVICES, body), 400);
    }

    @Test
    void anUnknownProjectAnswers404() {
        assertProblem(http.postJson("/api/management/v1/projects/99/devices", "{\"deviceClass\": \"c\"}"), 404);
        assertProblem(http.postJson("/api/management/v1/projects/abc/devices", "{\"deviceClass\": \"c\"}"), 404);
    }

    @Test
    void withoutTheAdminTokenRegistrationAnswers401AndCreatesNothing() {
        assertProblem(http.withAuthorization(null).postJson(DEVICES, "{\"id\": \"never\", \"deviceClass\": \"c\"}"), 401);
        assertProblem(http.withAuthorization("Bearer nope-nope-nope-nope").postJson(DEVICES,
                "{\"id\": \"never\", \"deviceClass\": \"c\"}"), 401);
        assertEquals(201, http.postJson(DEVICES, "{\"id\": \"never\", \"deviceClass\": \"c\"}").status());
    }

    @Test
    void unknownManagementPathsAnswer404Problems() {
        assertProblem(http.get("/api/management/v1/nothing-here"), 404);
    }

    @Test
    void theDefaultProjectExistsAndItsSettingsCanBeChangedOneAtATime() {
        http.get("/api/management/v1/projects/1").expectJson(
                "{\"id\": 1, \"name\": \"Default project\", \"publicOta\": false, \"defaultChannel\": \"stable\"}");
        Http.Response renamed = http.method("PATCH", "/api/management/v1/projects/1", "{\"name\": \"Fleet\"}");
        assertEquals(200, renamed.status());
        renamed.expectJson("{\"id\": 1, \"name\": \"Fleet\", \"publicOta\": false, \"defaultChannel\": \"stable\"}");
        http.method("PATCH", "/api/management/v1/projects/1", "{\"defaultChannel\": \"beta\", \"publicOta\": true}")
                .expectJson("{\"id\": 1, \"name\": \"Fleet\", \"publicOta\": true, \"defaultChannel\": \"beta\"}");
        http.method("PATCH", "/api/management/v1/projects/1",
                "{\"name\": \"Default project\", \"defaultChannel\": \"stable\", \"publicOta\": false}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"publicOta\": \"yes\"}",
        "{\"name\": 5}",
        "{\"name\": \"\"}",
        "{\"defaultChannel\": \"no spaces\"}",
        "[]",
    })
    void invalidProjectChangesAre400ProblemsAndChangeNothing(String body) {
        assertProblem(http.method("PATCH", "/api/management/v1/projects/1", body), 400);
        assertEquals("stable", http.get("/api/management/v1/projects/1").json().get("defaultChannel").asText());
    }

    @Test
    void anUnknownProjectCannotBeReadOrChanged() {
        assertProblem(http.get("/api/management/v1/projects/77"), 404);
        assertProblem(http.method("PATCH", "/api/management/v1/projects/77", "{\"name\": \"x\"}"), 404);
    }
}
