package org.firmament.bootstrap;

import static org.firmament.bootstrap.ManagementProjectApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The management API's firmware types over real HTTP: per project, by name, with their version scheme. */
class ManagementFirmwareTypeApiTest extends RunningServerTest {

    private static final String DEFAULT_TYPES = "/api/management/v1/projects/1/firmware-types";

    private String types;

    @BeforeAll
    void aProjectOfItsOwn() {
        Http.Response project = http.postJson("/api/management/v1/projects", "{\"name\": \"Types\"}");
        assertEquals(201, project.status());
        types = "/api/management/v1/projects/" + project.json().get("id").asLong() + "/firmware-types";
    }

    private List<String> names(String path) {
        List<String> names = new ArrayList<>();
        http.get(path).json().get("firmwareTypes").forEach(type -> names.add(type.get("name").asText()));
        return names;
    }

    @Test
    void theFirmwareApisBuiltInTypesAreListedInTheDefaultProject_numeric() {
        JsonNode listed = http.get(DEFAULT_TYPES).json().get("firmwareTypes");
        List<String> numeric = new ArrayList<>();
        listed.forEach(type -> {
            if (type.get("versionScheme").asText().equals("numeric")) {
                numeric.add(type.get("name").asText());
            }
        });
        assertTrue(numeric.containsAll(List.of("IR4KEY", "OKM")), listed.toString());
        Instant.parse(http.get(DEFAULT_TYPES + "/OKM").json().get("createdAt").asText());
    }

    @Test
    void theBuiltInTypesKeepWorkingForTheFirmwareApi_andCannotBeCreatedTwice() {
        assertProblem(http.postJson(DEFAULT_TYPES, "{\"name\": \"OKM\", \"versionScheme\": \"semantic\"}"), 409);
        assertEquals(201, http.postJson("/api/v1/firmware", "{\"type\": \"OKM\", \"version\": \"01932023020111482\","
                + " \"url\": \"https://downloads.example.com/okm.bin\"}").status());
        JsonNode newer = http.get("/api/v1/firmware/check?type=OKM&version=01932023020111000").json().get("data");
        assertEquals("01932023020111482", newer.get("version").asText(), "ordered by numeric value");
        assertEquals("numeric", http.get(DEFAULT_TYPES + "/OKM").json().get("versionScheme").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"semantic", "numeric", "opaque"})
    void creatingATypeAnswers201WithItsLocation_andTheTypeReadsBack(String scheme) {
        String name = "fw-" + scheme;

        Http.Response created = http.postJson(types, "{\"name\": \"" + name + "\", \"versionScheme\": \"" + scheme + "\"}");

        assertEquals(201, created.status());
        JsonNode type = created.json();
        assertEquals(name, type.get("name").asText());
        assertEquals(scheme, type.get("versionScheme").asText());
        Instant.parse(type.get("createdAt").asText());
        assertEquals(3, type.size(), type.toString());
        assertEquals(types + "/" + name, created.header("Location"));
        assertEquals(type, http.get(created.header("Location")).json());
    }

    @Test
    void aNameWithSpacesSlashesAndOtherTextIsAddressedEncoded() {
        Http.Response created = http.postJson(types, "{\"name\": \"Main board ✓\", \"versionScheme\": \"opaque\"}");

        assertEquals(201, created.status());
        assertEquals(types + "/Main%20board%20%E2%9C%93", created.header("Location"));
        assertEquals("Main board ✓", http.get(created.header("Location")).json().get("name").asText());
        assertEquals(204, http.delete(created.header("Location")).status());

        Http.Response slashed = http.postJson(types, "{\"name\": \"board/main\", \"versionScheme\": \"opaque\"}");
        assertEquals(types + "/board%2Fmain", slashed.header("Location"));
        assertEquals("board/main", http.get(slashed.header("Location")).json().get("name").asText());
    }

    @Test
    void typesAreListedByName() {
        for (String name : List.of("list-b", "list-a", "list-C")) {
            assertEquals(201, http.postJson(types, "{\"name\": \"" + name + "\", \"versionScheme\": \"semantic\"}").status());
        }

        List<String> names = names(types);

        assertEquals(names.stream().sorted().toList(), names);
        assertTrue(names.containsAll(List.of("list-C", "list-a", "list-b")));
    }

    @Test
    void unknownFieldsAreRefusedAndNamed() {
        Http.Response refused = http.postJson(types, "{\"name\": \"extra\", \"versionScheme\": \"numeric\", \"colour\": 1}");

        assertEquals(400, refused.status());
        assertEquals("colour", refused.json().get("field").asText());
        assertEquals(404, http.get(types + "/extra").status(), "nothing was created");
    }

    @Test
    void aTakenNameAnswers409AndTheTypeKeepsItsScheme() {
        assertEquals(201, http.postJson(types, "{\"name\": \"taken\", \"versionScheme\": \"numeric\"}").status());

        Http.Response taken = http.postJson(types, "{\"name\": \"taken\", \"versionScheme\": \"semantic\"}");

        assertProblem(taken, 409);
        assertEquals("firmware type taken already exists", taken.json().get("detail").asText());
        assertEquals("numeric", http.get(types + "/taken").json().get("versionScheme").asText());
    }

    @Test
    void aNameOfTheLongestLengthIsAccepted_oneLongerIsNot() {
        assertEquals(201, http.postJson(types, "{\"name\": \"" + "n".repeat(128) + "\", \"versionScheme\": \"opaque\"}")
                .status());
        assertProblem(http.postJson(types, "{\"name\": \"" + "m".repeat(129) + "\", \"versionScheme\": \"opaque\"}"),
                400, "name");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                      | name",
        "{\"versionScheme\": \"semantic\"}                       | name",
        "{\"name\": 5, \"versionScheme\": \"semantic\"}          | name",
        "{\"name\": \"\", \"versionScheme\": \"semantic\"}       | name",
        "{\"name\": \" padded\", \"versionScheme\": \"semantic\"} | name",
        "{\"name\": \"nl\\nname\", \"versionScheme\": \"semantic\"} | name",
        "{\"name\": \"no-scheme\"}                               | versionScheme",
        "{\"name\": \"x\", \"versionScheme\": null}              | versionScheme",
        "{\"name\": \"x\", \"versionScheme\": 1}                 | versionScheme",
        "{\"name\": \"x\", \"versionScheme\": \"calendar\"}      | versionScheme",
        "{\"name\": \"x\", \"versionScheme\": \"SEMANTIC\"}      | versionScheme",
        "[]                                                      | body",
        "{nope                                                   | body",
    })
    void invalidTypesAnswer400ProblemsNamingTheField_andCreateNothing(String body, String field) {
        int before = names(types).size();

        assertProblem(http.postJson(types, body), 400, field);

        assertEquals(before, names(types).size());
    }

    @Test
    void aTypeWithoutImagesIsDeleted_andIsGoneAfterwards() {
        assertEquals(201, http.postJson(types, "{\"name\": \"short-lived\", \"versionScheme\": \"semantic\"}").status());

        assertEquals(204, http.delete(types + "/short-lived").status());

        assertProblem(http.get(types + "/short-lived"), 404);
        assertProblem(http.delete(types + "/short-lived"), 404);
    }

    @Test
    void aTypeThatStillHasImagesCannotBeDeleted_409() {
        String label = "imaged-" + System.nanoTime();
        assertEquals(201, http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}").status());

        Http.Response refused = http.delete(DEFAULT_TYPES + "/" + label);

        assertProblem(refused, 409);
        assertEquals("Firmware type " + label + " still has 1 image; delete them first",
                refused.json().get("detail").asText());
        assertEquals("semantic", http.get(DEFAULT_TYPES + "/" + label).json().get("versionScheme").asText());
    }

    @Test
    void unknownProjectsAndTypesAnswer404() {
        for (String project : List.of("999999", "abc")) {
            String other = "/api/management/v1/projects/" + project + "/firmware-types";
            assertProblem(http.get(other), 404);
            assertProblem(http.postJson(other, "{\"name\": \"x\", \"versionScheme\": \"semantic\"}"), 404);
            assertProblem(http.get(other + "/OKM"), 404);
            assertProblem(http.delete(other + "/OKM"), 404);
        }
        assertProblem(http.get(types + "/never-created"), 404);
        assertProblem(http.delete(types + "/never-created"), 404);
        assertProblem(http.get(types + "/%20leading-space"), 404);
    }

    @Test
    void withoutTheAdminToken401() {
        assertProblem(http.withAuthorization(null).get(types), 401);
        assertProblem(http.withAuthorization(null).postJson(types, "{\"name\": \"x\", \"versionScheme\": \"opaque\"}"), 401);
    }
}
