package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which project the seed surfaces act on: the credential's own, or for the admin and users with
 * several projects project 1 unless {@code X-Firmament-Project} names another.
 */
class WorkingProjectTest extends RunningServerTest {

    private static final String JWT_SECRET = "the-identity-providers-shared-secret-0123456789";

    private String second;

    @Override
    Map<String, String> settings() {
        return Map.of("FIRMAMENT_JWT_SECRET", JWT_SECRET);
    }

    @BeforeAll
    void aSecondProject() {
        second = http.postJson("api/management/v1/projects", "{\"name\":\"second\"}").json().get("id").asText();
    }

    private Http.Response get(Http client, String path, String project) {
        HttpRequest.Builder request = client.request(path).GET();
        if (project != null) {
            request.header("X-Firmament-Project", project);
        }
        return client.send(request.build());
    }

    private Http.Response createImage(Http client, String label, String project) {
        HttpRequest.Builder request = client.request("image").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\",\"fw_version\":\"1.0.0\"}"));
        if (project != null) {
            request.header("X-Firmament-Project", project);
        }
        return client.send(request.build());
    }

    private static List<String> labels(Http.Response list) {
        assertEquals(200, list.status());
        List<String> labels = new ArrayList<>();
        list.json().forEach(image -> labels.add(image.get("label").asText()));
        return labels;
    }

    @Test
    void theAdminWorksOnProjectOneUnlessTheHeaderNamesAnother() {
        assertEquals(201, createImage(http, "admin-in-second", second).status());
        assertTrue(labels(get(http, "image", second)).contains("admin-in-second"));
        assertTrue(!labels(get(http, "image", null)).contains("admin-in-second"), "project 1 does not show it");
        assertTrue(!labels(get(http, "image", "1")).contains("admin-in-second"));
    }

    @Test
    void aProjectKeyWorksOnItsOwnProjectAndCannotNameAnother() {
        JsonNode key = http.postJson("api/management/v1/projects/" + second + "/keys",
                "{\"name\":\"ci\",\"role\":\"write\"}").json();
        Http client = http.withAuthorization("Bearer " + key.get("key").asText());
        assertEquals(201, createImage(client, "key-in-second", null).status());
        assertTrue(labels(get(http, "image", second)).contains("key-in-second"), "created in the key's project");
        assertEquals(200, get(client, "image", second).status(), "naming its own project is fine");
        Http.Response other = get(client, "image", "1");
        assertEquals(404, other.status());
        assertEquals("No such project: 1", other.json().get("message").asText());
    }

    @Test
    void aMalformedHeaderIsBadInputInTheSurfacesFormat() {
        for (String malformed : List.of("abc", "0", "-1", "1.5", "99999999999999999999")) {
            Http.Response answer = get(http, "api/v1/firmware/check?type=x&version=1", malformed);
            assertEquals(400, answer.status(), malformed);
            assertTrue(answer.json().get("errors").get(0).get("detail").asText().contains("X-Firmament-Project"));
        }
    }

    @Test
    void aUserWithOneProjectWorksOnItAndOneWithSeveralOnProjectOneUnlessNamed() {
        long expires = Instant.now().getEpochSecond() + 600;
        Http single = http.withAuthorization("Bearer " + AccessControlTest.jwt("HS256", JWT_SECRET, expires,
                "[" + second + "]", "write"));
        assertEquals(201, createImage(single, "user-in-second", null).status());
        assertTrue(labels(get(http, "image", second)).contains("user-in-second"));

        Http several = http.withAuthorization("Bearer " + AccessControlTest.jwt("HS256", JWT_SECRET, expires,
                "[1," + second + "]", "read"));
        assertTrue(labels(get(several, "image", second)).contains("user-in-second"));
        assertTrue(!labels(get(several, "image", null)).contains("user-in-second"));
        assertEquals(403, createImage(several, "read-only", "1").status());

        Http elsewhere = http.withAuthorization("Bearer " + AccessControlTest.jwt("HS256", JWT_SECRET, expires,
                "[" + second + ",4242]", "read"));
        assertEquals(404, get(elsewhere, "image", null).status(), "project 1 is not among its projects");
    }

    @Test
    void theProjectListShowsOnlyWhatTheCredentialSees() {
        JsonNode key = http.postJson("api/management/v1/projects/" + second + "/keys",
                "{\"name\":\"lister\",\"role\":\"read\"}").json();
        JsonNode listed = http.withAuthorization("Bearer " + key.get("key").asText())
                .get("api/management/v1/projects").json();
        assertEquals(1, listed.get("total").asInt());
        assertEquals(second, listed.get("projects").get(0).get("id").asText());
        assertTrue(http.get("api/management/v1/projects").json().get("total").asInt() >= 2, "the admin sees all");
    }
}
