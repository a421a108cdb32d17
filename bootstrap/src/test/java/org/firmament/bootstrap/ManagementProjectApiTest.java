package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The management API's projects over real HTTP: list, create, read, change, delete; errors are RFC 9457 problems. */
class ManagementProjectApiTest extends RunningServerTest {

    private static final String PROJECTS = "/api/management/v1/projects";

    static void assertProblem(Http.Response response, int status) {
        assertEquals(status, response.status(), () -> new String(response.bytes()));
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(status, response.json().get("status").asInt());
        assertTrue(response.json().get("title").isTextual());
        assertTrue(response.json().get("detail").isTextual());
    }

    static void assertProblem(Http.Response response, int status, String field) {
        assertProblem(response, status);
        assertEquals(field, response.json().path("field").asText(null), () -> response.json().toString());
    }

    private JsonNode created(String body) {
        Http.Response created = http.postJson(PROJECTS, body);
        assertEquals(201, created.status(), () -> new String(created.bytes()));
        return created.json();
    }

    private long createdId(String name) {
        return created("{\"name\": \"" + name + "\"}").get("id").asLong();
    }

    // ---- create ----

    @Test
    void creatingAProjectAnswers201WithItsLocation_andAServerAssignedId() {
        Http.Response created = http.postJson(PROJECTS, "{\"name\": \"Fleet Nørd\"}");

        assertEquals(201, created.status());
        assertEquals("application/json", created.header("Content-Type"));
        long id = created.json().get("id").asLong();
        assertTrue(id > 1, "project 1 exists from the first start");
        created.expectJson("{\"id\": " + id + ", \"name\": \"Fleet Nørd\", \"publicOta\": false,"
                + " \"defaultChannel\": \"stable\"}");
        assertEquals(PROJECTS + "/" + id, created.header("Location"));
        assertEquals(created.json(), http.get(created.header("Location")).json());
    }

    @Test
    void aProjectCanBeCreatedPublicOnItsOwnDefaultChannel() {
        JsonNode project = created("{\"name\": \"Beta fleet\", \"publicOta\": true, \"defaultChannel\": \"beta\"}");

        assertTrue(project.get("publicOta").asBoolean());
        assertEquals("beta", project.get("defaultChannel").asText());
    }

    @Test
    void eachCreatedProjectGetsANewId() {
        long first = createdId("first");
        long second = createdId("second");

        assertTrue(second > first);
    }

    @Test
    void unknownFieldsAreRefused_asEverywhereInTheManagementApi() {
        Http.Response refused = http.postJson(PROJECTS, "{\"name\": \"Strict\", \"id\": 1}");

        assertEquals(400, refused.status());
        assertEquals("id", refused.json().get("field").asText(), "the id is the server's to assign");
        assertEquals(400, http.postJson(PROJECTS, "{\"name\": \"Strict\", \"colour\": \"blue\"}").status());
    }

    @Test
    void aNameOfTheLongestLengthIsAccepted_oneLongerIsNot() {
        assertEquals(200, created("{\"name\": \"" + "n".repeat(200) + "\"}").get("name").asText().length());
        assertProblem(http.postJson(PROJECTS, "{\"name\": \"" + "n".repeat(201) + "\"}"), 400, "name");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                              | name",
        "{\"name\": null}                                | name",
        "{\"name\": 5}                                   | name",
        "{\"name\": \"\"}                                | name",
        "{\"name\": \"   \"}                             | name",
        "{\"name\": \"tab\\there\"}                      | name",
        "{\"name\": \"ok\", \"publicOta\": \"yes\"}      | publicOta",
        "{\"name\": \"ok\", \"publicOta\": null}         | publicOta",
        "{\"name\": \"ok\", \"defaultChannel\": 3}       | defaultChannel",
        "{\"name\": \"ok\", \"defaultChannel\": \"a b\"} | defaultChannel",
        "[{\"name\": \"ok\"}]                            | body",
        "\"ok\"                                          | body",
        "{not json                                       | body",
    })
    void invalidCreationsAnswer400ProblemsNamingTheField_andCreateNothing(String body, String field) {
        long before = http.get(PROJECTS).json().get("total").asLong();

        assertProblem(http.postJson(PROJECTS, body), 400, field);

        assertEquals(before, http.get(PROJECTS).json().get("total").asLong());
    }

    @Test
    void anEmptyBodyAnswers400() {
        assertProblem(http.postJson(PROJECTS, ""), 400, "body");
    }

    // ---- list ----

    @Test
    void projectsAreListedByIdInPages_theDefaultProjectFirst() {
        createdId("listed-a");
        createdId("listed-b");

        JsonNode all = http.get(PROJECTS + "?limit=500").json();
        List<Long> ids = new ArrayList<>();
        all.get("projects").forEach(project -> ids.add(project.get("id").asLong()));
        assertEquals(1L, ids.get(0));
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(all.get("total").asInt(), ids.size());
        assertEquals(0, all.get("offset").asInt());
        assertEquals(500, all.get("limit").asInt());

        JsonNode page = http.get(PROJECTS + "?offset=1&limit=1").json();
        assertEquals(1, page.get("projects").size());
        assertEquals(ids.get(1), page.get("projects").get(0).get("id").asLong());
        assertEquals(all.get("total"), page.get("total"));
        assertEquals(100, http.get(PROJECTS).json().get("limit").asInt(), "the default page size");
        assertEquals(0, http.get(PROJECTS + "?offset=100000").json().get("projects").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limit=0       | limit",
        "limit=501     | limit",
        "limit=-1      | limit",
        "limit=ten     | limit",
        "offset=-1     | offset",
        "offset=x      | offset",
        "offset=99999999999 | offset",
    })
    void pagesOutOfBoundsAnswer400(String query, String field) {
        assertProblem(http.get(PROJECTS + "?" + query), 400, field);
    }

    // ---- read and change ----

    @Test
    void aCreatedProjectCanBeChangedOneSettingAtATime() {
        long id = createdId("to change");

        http.method("PATCH", PROJECTS + "/" + id, "{\"publicOta\": true}").expectJson(
                "{\"id\": " + id + ", \"name\": \"to change\", \"publicOta\": true, \"defaultChannel\": \"stable\"}");
        assertEquals(400, http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"changed\", \"unknown\": 1}").status());
        http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"changed\"}").expectJson(
                "{\"id\": " + id + ", \"name\": \"changed\", \"publicOta\": true, \"defaultChannel\": \"stable\"}");
        assertEquals("changed", http.get(PROJECTS + "/" + id).json().get("name").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"name\": \"x\", \"publicOta\": 1}           | publicOta",
        "{\"name\": null}                              | name",
        "{\"defaultChannel\": null}                    | defaultChannel",
        "not json                                      | body",
    })
    void invalidChangesAnswer400(String body, String field) {
        assertProblem(http.method("PATCH", PROJECTS + "/1", body), 400, field);
    }

    @Test
    void anOverlongNewNameAnswers400AndChangesNothing() {
        long id = createdId("kept");

        assertProblem(http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"" + "n".repeat(201) + "\"}"), 400, "name");

        assertEquals("kept", http.get(PROJECTS + "/" + id).json().get("name").asText());
    }

    // ---- delete ----

    @Test
    void anEmptyProjectIsDeleted_andIsGoneAfterwards() {
        long id = createdId("to delete");

        Http.Response deleted = http.delete(PROJECTS + "/" + id);

        assertEquals(204, deleted.status());
        assertEquals(0, deleted.bytes().length);
        assertProblem(http.get(PROJECTS + "/" + id), 404);
        assertProblem(http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"x\"}"), 404);
        assertProblem(http.delete(PROJECTS + "/" + id), 404);
    }

    @Test
    void aProjectWhoseFirmwareTypesHaveNoImages_isDeletedWithThem() {
        long id = createdId("types only");
        assertEquals(201, http.postJson(PROJECTS + "/" + id + "/firmware-types",
                "{\"name\": \"OKM\", \"versionScheme\": \"numeric\"}").status());

        assertEquals(204, http.delete(PROJECTS + "/" + id).status());

        assertProblem(http.get(PROJECTS + "/" + id + "/firmware-types/OKM"), 404);
    }

    @Test
    void theDefaultProjectCannotBeDeleted_409() {
        Http.Response refused = http.delete(PROJECTS + "/1");

        assertProblem(refused, 409);
        assertTrue(refused.json().get("detail").asText().contains("default project"),
                refused.json().get("detail").asText());
        assertEquals(200, http.get(PROJECTS + "/1").status());
    }

    @Test
    void aProjectHoldingADeviceOrABundleCannotBeDeleted_409NamingWhatIsLeft() {
        long id = createdId("busy");
        Http.Response device = http.postJson(PROJECTS + "/" + id + "/devices", "{\"id\": \"busy-dev-1\", \"deviceClass\": \"light\"}");
        assertEquals(201, device.status());
        Http.Response bundle = http.postJson("/bundles", "{\"name\": \"b\", \"deviceClass\": \"light\", \"projectId\": "
                + id + ", \"components\": []}");
        assertEquals(201, bundle.status(), () -> new String(bundle.bytes()));

        Http.Response refused = http.delete(PROJECTS + "/" + id);

        assertProblem(refused, 409);
        assertEquals("Project " + id + " still holds 1 bundle and 1 device; delete them first (firmware types without"
                + " images go with the project)", refused.json().get("detail").asText());

        assertEquals(204, http.delete(PROJECTS + "/" + id + "/devices/busy-dev-1").status());
        assertEquals("Project " + id + " still holds 1 bundle; delete them first (firmware types without images go"
                + " with the project)", http.delete(PROJECTS + "/" + id).json().get("detail").asText());
    }

    @Test
    void unknownOrMalformedProjectIdsAnswer404() {
        for (String id : List.of("999999", "0", "-1", "abc", "1.5")) {
            assertProblem(http.get(PROJECTS + "/" + id), 404);
            assertProblem(http.delete(PROJECTS + "/" + id), 404);
        }
    }

    @Test
    void methodsTheCollectionDoesNotServeAnswer405() {
        assertProblem(http.method("PUT", PROJECTS + "/1", "{}"), 405);
        assertProblem(http.delete(PROJECTS), 405);
    }

    @Test
    void withoutTheAdminTokenNothingIsCreatedOrDeleted_401() {
        long id = createdId("protected");
        Http anonymous = http.withAuthorization(null);

        assertProblem(anonymous.get(PROJECTS), 401);
        assertProblem(anonymous.postJson(PROJECTS, "{\"name\": \"sneaky\"}"), 401);
        assertProblem(anonymous.delete(PROJECTS + "/" + id), 401);
        assertEquals(200, http.get(PROJECTS + "/" + id).status());
    }
}
