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

    private JsonNode registered(String id, String deviceClass) {
        Http.Response created = http.postJson(DEVICES, "{\"id\": \"" + id + "\", \"deviceClass\": \"" + deviceClass + "\"}");
        assertEquals(201, created.status());
        return created.json();
    }

    @Test
    void devicesAreListedByClassAndChannelInPages() {
        String deviceClass = "paged" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            registered(deviceClass + "-" + i, deviceClass);
        }
        http.method("PATCH", DEVICES + "/" + deviceClass + "-0", "{\"channel\": \"beta\"}");
        JsonNode page = http.get(DEVICES + "?deviceClass=" + deviceClass + "&offset=1&limit=2").json();
        assertEquals(5, page.get("total").asInt());
        assertEquals(2, page.get("devices").size());
        assertEquals(deviceClass + "-1", page.get("devices").get(0).get("id").asText());
        JsonNode beta = http.get(DEVICES + "?deviceClass=" + deviceClass + "&channel=beta").json();
        assertEquals(1, beta.get("total").asInt());
        assertTrue(beta.get("devices").get(0).get("apiKey") == null, "keys are never listed");
        assertProblem(http.get(DEVICES + "?limit=0"), 400);
        assertProblem(http.get(DEVICES + "?limit=501"), 400);
        assertProblem(http.get(DEVICES + "?offset=-1"), 400);
        assertProblem(http.get(DEVICES + "?offset=x"), 400);
    }

    @Test
    void aDeviceCanBeReadChangedAndReturnedToItsProjectsChannel() {
        String id = "changing-" + System.nanoTime();
        registered(id, "old_class");
        JsonNode changed = http.method("PATCH", DEVICES + "/" + id, "{\"deviceClass\": \"new_class\", \"channel\": \"canary\"}").json();
        assertEquals("new_class", changed.get("deviceClass").asText());
        assertEquals("canary", changed.get("channel").asText());
        assertTrue(http.method("PATCH", DEVICES + "/" + id, "{\"channel\": null}").json().get("channel").isNull());
        JsonNode read = http.get(DEVICES + "/" + id).json();
        assertEquals("new_class", read.get("deviceClass").asText());
        assertTrue(read.get("installedBundleId").isNull());
        assertProblem(http.method("PATCH", DEVICES + "/" + id, "{\"channel\": 5}"), 400);
        assertProblem(http.method("PATCH", DEVICES + "/" + id, "{\"deviceClass\": \"bad class\"}"), 400);
        assertProblem(http.get(DEVICES + "/no-such-device"), 404);
        assertProblem(http.method("PATCH", DEVICES + "/no-such-device", "{\"channel\": \"beta\"}"), 404);
        assertProblem(http.method("PATCH", DEVICES + "/" + id, "{}"), 400);
    }

    @Test
    void operatorsSeeTheBundleADeviceReportsAsInstalled() {
        JsonNode device = registered("reporting-" + System.nanoTime(), "c");
        Http asDevice = http.withAuthorization("Bearer " + device.get("apiKey").asText());
        asDevice.method("PUT", "/devices/" + device.get("id").asText() + "/firmwareInfo", "{\"bundleId\": \"b-42\"}");
        JsonNode read = http.get(DEVICES + "/" + device.get("id").asText()).json();
        assertEquals("b-42", read.get("installedBundleId").asText());
        assertTrue(read.get("lastSeen").isTextual());
    }

    @Test
    void rotatingAKeyRevokesTheOldOneAtOnce() {
        JsonNode device = registered("rotating-" + System.nanoTime(), "c");
        String oldKey = device.get("apiKey").asText();
        assertEquals(200, http.withAuthorization("Bearer " + oldKey).get("/bundles").status());
        Http.Response rotated = http.postJson(DEVICES + "/" + device.get("id").asText() + "/key", "");
        assertEquals(200, rotated.status());
        String newKey = rotated.json().get("apiKey").asText();
        assertTrue(newKey.matches("[A-Za-z0-9_-]{43}"));
        assertEquals(401, http.withAuthorization("Bearer " + oldKey).get("/bundles").status());
        assertEquals(200, http.withAuthorization("Bearer " + newKey).get("/bundles").status());
        assertProblem(http.postJson(DEVICES + "/no-such-device/key", ""), 404);
    }

    @Test
    void aDeletedDeviceIsGoneAndItsKeyNoLongerWorks() {
        JsonNode device = registered("deleted-" + System.nanoTime(), "c");
        assertEquals(204, http.delete(DEVICES + "/" + device.get("id").asText()).status());
        assertProblem(http.get(DEVICES + "/" + device.get("id").asText()), 404);
        assertProblem(http.delete(DEVICES + "/" + device.get("id").asText()), 404);
        assertEquals(401, http.withAuthorization("Bearer " + device.get("apiKey").asText()).get("/bundles").status());
    }
}
