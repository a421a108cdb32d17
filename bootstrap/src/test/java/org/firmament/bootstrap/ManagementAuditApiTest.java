package org.firmament.bootstrap;

import static org.firmament.bootstrap.ManagementProjectApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The management API's audit log over real HTTP: what each management change records, newest first. */
class ManagementAuditApiTest extends RunningServerTest {

    private static final String PROJECTS = "/api/management/v1/projects";

    private long newProject(String body) {
        Http.Response created = http.postJson(PROJECTS, body);
        assertEquals(201, created.status());
        return created.json().get("id").asLong();
    }

    private JsonNode audit(long project, String query) {
        Http.Response log = http.get(PROJECTS + "/" + project + "/audit" + query);
        assertEquals(200, log.status(), () -> new String(log.bytes(), StandardCharsets.UTF_8));
        return log.json();
    }

    private static List<String> summaries(JsonNode log) {
        List<String> summaries = new ArrayList<>();
        log.get("entries").forEach(entry -> summaries.add(entry.get("summary").asText()));
        return summaries;
    }

    @Test
    void everyManagementChangeIsRecorded_newestFirst_withWhoWhatAndWhen() {
        Instant before = Instant.now();
        long id = newProject("{\"name\": \"Audited\"}");
        http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"Audited fleet\", \"publicOta\": true}");
        http.postJson(PROJECTS + "/" + id + "/firmware-types", "{\"name\": \"OKM\", \"versionScheme\": \"numeric\"}");
        http.delete(PROJECTS + "/" + id + "/firmware-types/OKM");

        JsonNode log = audit(id, "");

        assertEquals(4, log.get("total").asInt());
        assertEquals(List.of("Deleted firmware type OKM", "Created firmware type OKM (numeric versions)",
                "Changed name \"Audited\" -> \"Audited fleet\", publicOta false -> true",
                "Created project \"Audited\" (publicOta false, defaultChannel stable)"), summaries(log));
        JsonNode created = log.get("entries").get(3);
        assertEquals("{\"kind\":\"admin\",\"id\":\"admin\"}", created.get("actor").toString());
        assertEquals("created", created.get("action").asText());
        assertEquals("project", created.get("subject").asText());
        assertEquals(Long.toString(id), created.get("subjectId").asText());
        assertFalse(Instant.parse(created.get("at").asText()).isBefore(before.minusSeconds(1)));
        JsonNode typeDeleted = log.get("entries").get(0);
        assertEquals("deleted", typeDeleted.get("action").asText());
        assertEquals("firmware_type", typeDeleted.get("subject").asText());
        assertEquals("OKM", typeDeleted.get("subjectId").asText());
        assertEquals(List.of("at", "actor", "action", "subject", "subjectId", "summary"), fieldNames(typeDeleted));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void refusedOrEmptyChangesRecordNothing() {
        long id = newProject("{\"name\": \"Quiet\"}");
        http.postJson(PROJECTS + "/" + id + "/firmware-types", "{\"name\": \"OKM\", \"versionScheme\": \"numeric\"}");

        assertProblem(http.postJson(PROJECTS + "/" + id + "/firmware-types",
                "{\"name\": \"OKM\", \"versionScheme\": \"numeric\"}"), 409);
        assertProblem(http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"\"}"), 400);
        assertEquals(200, http.method("PATCH", PROJECTS + "/" + id, "{\"name\": \"Quiet\"}").status());
        assertProblem(http.method("PATCH", PROJECTS + "/" + id, "{}"), 400);

        assertEquals(2, audit(id, "").get("total").asInt());
    }

    @Test
    void theDefaultProjectsLogRecordsItsChanges() {
        long before = audit(1, "").get("total").asLong();
        http.method("PATCH", PROJECTS + "/1", "{\"defaultChannel\": \"canary\"}");
        http.method("PATCH", PROJECTS + "/1", "{\"defaultChannel\": \"stable\"}");

        JsonNode log = audit(1, "?limit=2");

        assertEquals(before + 2, log.get("total").asLong());
        assertEquals(List.of("Changed defaultChannel canary -> stable", "Changed defaultChannel stable -> canary"),
                summaries(log));
    }

    @Test
    void theLogIsReadInPages() {
        long id = newProject("{\"name\": \"Paged\"}");
        for (int i = 0; i < 4; i++) {
            http.postJson(PROJECTS + "/" + id + "/firmware-types", "{\"name\": \"t" + i + "\", \"versionScheme\": \"opaque\"}");
        }

        JsonNode page = audit(id, "?offset=1&limit=2");

        assertEquals(5, page.get("total").asInt());
        assertEquals(1, page.get("offset").asInt());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(List.of("Created firmware type t2 (opaque versions)", "Created firmware type t1 (opaque versions)"),
                summaries(page));
        assertEquals(100, audit(id, "").get("limit").asInt(), "the default page size");
        assertEquals(0, audit(id, "?offset=5").get("entries").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limit=0    | limit",
        "limit=501  | limit",
        "limit=many | limit",
        "offset=-1  | offset",
        "offset=1.5 | offset",
    })
    void pagesOutOfBoundsAnswer400(String query, String field) {
        assertProblem(http.get(PROJECTS + "/1/audit?" + query), 400, field);
    }

    @Test
    void theLogOfAnUnknownOrDeletedProjectAnswers404() {
        long id = newProject("{\"name\": \"Gone\"}");
        assertEquals(204, http.delete(PROJECTS + "/" + id).status());

        assertProblem(http.get(PROJECTS + "/" + id + "/audit"), 404);
        assertProblem(http.get(PROJECTS + "/999999/audit"), 404);
        assertProblem(http.get(PROJECTS + "/abc/audit"), 404);
    }

    @Test
    void theLogHoldsNoSecret_andNeedsTheAdminToken() {
        long id = newProject("{\"name\": \"Secretive\"}");
        http.postJson(PROJECTS + "/" + id + "/devices", "{\"deviceClass\": \"light\"}");

        String log = new String(http.get(PROJECTS + "/" + id + "/audit").bytes(), StandardCharsets.UTF_8);

        assertFalse(log.contains(TestServers.ADMIN_TOKEN));
        assertProblem(http.withAuthorization(null).get(PROJECTS + "/" + id + "/audit"), 401);
    }
}
