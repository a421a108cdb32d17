package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Firmament's own device API over real HTTP: check-in, ETag and 304, status reports, and what operators see. */
class DeviceApiTest extends RunningServerTest {

    private static final String UPDATES = "api/devices/v1/updates";
    private static final String DEVICES = "api/management/v1/projects/1/devices";

    private static void assertProblem(Http.Response response, int status) {
        assertEquals(status, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(status, response.json().get("status").asInt());
        assertTrue(response.json().get("detail").isTextual());
    }

    /** A semantic firmware type {@code type} of project 1 with a release of each version, each with its own bytes. */
    private void releases(String type, String... versions) {
        assertEquals(201, http.postJson("api/management/v1/projects/1/firmware-types",
                "{\"name\": \"" + type + "\", \"versionScheme\": \"semantic\"}").status());
        for (String version : versions) {
            release(type, version);
        }
    }

    private String release(String type, String version) {
        Http.Response created = http.postJson("image", "{\"label\": \"" + type + "\", \"fw_version\": \"" + version + "\"}");
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        String id = created.json().get("id").asText();
        assertEquals(200, http.postFile("image/" + id + "/binary", "image", type + ".bin", bytes(type, version)).status());
        return id;
    }

    private static byte[] bytes(String type, String version) {
        return ("firmware " + type + " " + version).getBytes(StandardCharsets.UTF_8);
    }

    /** Registers a device of project {@code project} and answers a client holding its key. */
    private Http device(String project, String id, String deviceClass) {
        Http.Response created = http.postJson("api/management/v1/projects/" + project + "/devices",
                "{\"id\": \"" + id + "\", \"deviceClass\": \"" + deviceClass + "\"}");
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return http.withAuthorization("Bearer " + created.json().get("apiKey").asText());
    }

    private static Http.Response report(Http device, String updateId, String body) {
        return device.postJson(UPDATES + "/" + updateId + "/status", body);
    }

    /** The absolute URL handed out, as a path and query relative to the server (signature included). */
    private static String relative(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath().substring(1) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void theLatestReleaseOfATypeIsOfferedWithSizeDigestsAndADownloadThatWorks() throws Exception {
        releases("api-main", "1.0.0", "1.1.0", "1.1.0-rc.1");
        Http device = device("1", "api-d1", "sensor");

        Http.Response offered = device.get(UPDATES + "?installed=api-main:1.0.0");

        assertEquals(200, offered.status(), new String(offered.bytes(), StandardCharsets.UTF_8));
        JsonNode update = offered.json();
        assertEquals("images", update.get("kind").asText());
        assertEquals("assigned", update.get("state").asText());
        JsonNode image = update.get("images").get(0);
        assertEquals("1.1.0", image.get("version").asText());
        byte[] expected = bytes("api-main", "1.1.0");
        assertEquals(expected.length, image.get("size").asLong());
        assertEquals(hex("SHA-256", expected), image.get("sha256").asText());
        assertEquals(hex("SHA-1", expected), image.get("sha1").asText());
        long retryAfter = Long.parseLong(offered.header("Retry-After"));
        assertTrue(retryAfter >= 270 && retryAfter <= 330, "Retry-After " + retryAfter);
        assertEquals(retryAfter, update.get("pollAfterSeconds").asLong());
        assertNotNull(offered.header("ETag"));

        Http.Response download = device.get(relative(image.get("url").asText()));
        assertEquals(200, download.status());
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(download.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theSameUpdateAnswers304ToItsETagAndADifferentOneAfterANewRelease() {
        releases("api-etag", "1.0.0", "1.1.0");
        Http device = device("1", "api-d2", "sensor");
        Http.Response first = device.get(UPDATES + "?installed=api-etag:1.0.0");
        String etag = first.header("ETag");
        assertTrue(etag.startsWith("W/\""), etag);

        Http.Response again = device.send(device.request(UPDATES + "?installed=api-etag:1.0.0")
                .header("If-None-Match", etag).GET().build());
        assertEquals(304, again.status());
        assertEquals(etag, again.header("ETag"));
        assertNotNull(again.header("Retry-After"));

        release("api-etag", "1.2.0");
        Http.Response changed = device.send(device.request(UPDATES + "?installed=api-etag:1.0.0")
                .header("If-None-Match", etag).GET().build());
        assertEquals(200, changed.status());
        assertNotEquals(first.json().get("id"), changed.json().get("id"));
        assertEquals("superseded", http.get(DEVICES + "/api-d2/updates").json().get("updates").get(1).get("state")
                .asText());
    }

    @Test
    void aDeviceOnTheLatestReleaseGets204WithAPollTime() {
        releases("api-none", "1.0.0");
        Http device = device("1", "api-d3", "sensor");
        Http.Response none = device.get(UPDATES + "?installed=api-none:1.0.0");
        assertEquals(204, none.status());
        assertNotNull(none.header("Retry-After"));
        assertEquals(204, device.get(UPDATES + "?installed=api-none:9.0.0").status(), "never a silent downgrade");
    }

    @Test
    void progressReportsMoveForwardAndASuccessIsWhatTheDeviceRunsAfterwards() {
        releases("api-flow", "1.0.0", "2.0.0");
        Http device = device("1", "api-d4", "sensor");
        String id = device.get(UPDATES + "?installed=api-flow:1.0.0").json().get("id").asText();

        assertEquals("downloading", report(device, id, "{\"status\": \"downloading\"}").json().get("state").asText());
        assertEquals(200, report(device, id, "{\"status\": \"downloading\"}").status(), "a repeated report is fine");
        assertEquals(200, report(device, id, "{\"status\": \"installing\", \"message\": \"flashing\"}").status());
        assertProblem(report(device, id, "{\"status\": \"downloading\"}"), 409);
        Http.Response succeeded = report(device, id, "{\"status\": \"succeeded\"}");
        assertEquals("succeeded", succeeded.json().get("state").asText());
        assertProblem(report(device, id, "{\"status\": \"failed\", \"message\": \"too late\"}"), 409);

        assertEquals(204, device.get(UPDATES).status(), "the stored versions say it is up to date");
        JsonNode seen = http.get(DEVICES + "/api-d4").json();
        assertEquals("2.0.0", seen.get("installedVersions").get("api-flow").asText());
        assertEquals("succeeded", seen.get("update").get("state").asText());
        JsonNode history = http.get(DEVICES + "/api-d4/updates?limit=1").json();
        assertEquals(1, history.get("total").asInt());
        assertEquals(id, history.get("updates").get(0).get("id").asText());
    }

    @Test
    void aFailedUpdateIsOfferedAgainAsANewOne() {
        releases("api-retry", "1.0.0", "2.0.0");
        Http device = device("1", "api-d5", "sensor");
        String failed = device.get(UPDATES + "?installed=api-retry:1.0.0").json().get("id").asText();
        assertProblem(report(device, failed, "{\"status\": \"failed\"}"), 400);
        assertEquals(200, report(device, failed, "{\"status\": \"failed\", \"message\": \"checksum mismatch\"}").status());
        String retry = device.get(UPDATES + "?installed=api-retry:1.0.0").json().get("id").asText();
        assertNotEquals(failed, retry);
        assertEquals("checksum mismatch", http.get(DEVICES + "/api-d5/updates").json().get("updates").get(1)
                .get("message").asText());
    }

    @Test
    void unknownAndOtherDevicesUpdatesAre404() {
        releases("api-own", "1.0.0", "2.0.0");
        Http owner = device("1", "api-d6", "sensor");
        Http other = device("1", "api-d7", "sensor");
        String id = owner.get(UPDATES + "?installed=api-own:1.0.0").json().get("id").asText();

        assertProblem(report(other, id, "{\"status\": \"downloading\"}"), 404);
        assertProblem(report(owner, UUID.randomUUID().toString(), "{\"status\": \"downloading\"}"), 404);
        assertProblem(report(owner, "not-an-update", "{\"status\": \"downloading\"}"), 404);
        assertEquals("assigned", http.get(DEVICES + "/api-d6").json().get("update").get("state").asText());
    }

    @Test
    void aDeviceOfAnotherProjectSeesNothingOfThisOne() {
        releases("api-tenant", "1.0.0", "2.0.0");
        Http owner = device("1", "api-d8", "sensor");
        String id = owner.get(UPDATES + "?installed=api-tenant:1.0.0").json().get("id").asText();
        String project = http.postJson("api/management/v1/projects", "{\"name\": \"device api other\"}").json()
                .get("id").asText();
        Http stranger = device(project, "api-d9", "sensor");

        assertEquals(204, stranger.get(UPDATES + "?installed=api-tenant:1.0.0").status());
        assertProblem(report(stranger, id, "{\"status\": \"downloading\"}"), 404);
    }

    @Test
    void onlyADeviceKeyIsAccepted() {
        assertProblem(http.withAuthorization(null).get(UPDATES), 401);
        assertProblem(http.withAuthorization("Bearer " + "w".repeat(43)).get(UPDATES), 401);
        assertProblem(http.get(UPDATES), 403);
        assertProblem(http.postJson(UPDATES + "/" + UUID.randomUUID() + "/status", "{\"status\": \"downloading\"}"), 403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"installed=nocolon", "installed=:1.0.0", "installed=main:", "installed=a:1&installed=a:2",
        "bundle=-bad", "installed=a%09b:1"})
    void malformedStatementsOfWhatTheDeviceRunsAre400(String query) {
        Http device = device("1", "api-q" + Math.abs(query.hashCode()), "sensor");
        assertProblem(device.get(UPDATES + "?" + query), 400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{not json", "[]", "{}", "{\"status\": \"assigned\"}", "{\"status\": \"superseded\"}",
        "{\"status\": \"done\"}", "{\"status\": 3}", "{\"status\": \"downloading\", \"extra\": 1}",
        "{\"status\": \"downloading\", \"installed\": []}", "{\"status\": \"downloading\", \"installed\": {\"a\": 1}}",
        "{\"status\": \"downloading\", \"bundleId\": \"../x\"}"})
    void malformedReportsAre400AndChangeNothing(String body) {
        releases("api-bad-" + Math.abs(body.hashCode()), "1.0.0", "2.0.0");
        Http device = device("1", "api-r" + Math.abs(body.hashCode()), "sensor");
        String id = device.get(UPDATES + "?installed=api-bad-" + Math.abs(body.hashCode()) + ":1.0.0").json()
                .get("id").asText();
        assertProblem(report(device, id, body), 400);
        assertEquals("assigned", http.get(DEVICES + "/api-r" + Math.abs(body.hashCode())).json().get("update")
                .get("state").asText());
    }

    @Test
    void aPinnedVersionIsOfferedEvenAsADowngradeUntilThePinIsRemoved() {
        releases("api-pin", "1.0.0", "2.0.0");
        Http device = device("1", "api-d10", "sensor");
        JsonNode pinned = http.method("PATCH", DEVICES + "/api-d10",
                "{\"pin\": {\"type\": \"api-pin\", \"version\": \"1.0.0\"}}").json();
        assertEquals("1.0.0", pinned.get("pin").get("version").asText());

        JsonNode offer = device.get(UPDATES + "?installed=api-pin:2.0.0").json();
        assertEquals("1.0.0", offer.get("images").get(0).get("version").asText());
        assertTrue(offer.get("pinned").asBoolean());

        assertTrue(http.method("PATCH", DEVICES + "/api-d10", "{\"pin\": null}").json().get("pin").isNull());
        assertEquals(204, device.get(UPDATES + "?installed=api-pin:2.0.0").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"pin\": 3}", "{\"pin\": {}}", "{\"pin\": {\"type\": \"t\"}}",
        "{\"pin\": {\"bundleId\": \"b\", \"type\": \"t\", \"version\": \"1\"}}", "{\"pin\": {\"bundleId\": \"-x\"}}",
        "{\"pin\": {\"colour\": \"red\"}}"})
    void malformedPinsAre400(String body) {
        device("1", "api-p" + Math.abs(body.hashCode()), "sensor");
        assertProblem(http.method("PATCH", DEVICES + "/api-p" + Math.abs(body.hashCode()), body), 400);
    }

    @Test
    void aPinToSomethingTheProjectDoesNotHaveIs400() {
        releases("api-pin-missing", "1.0.0");
        device("1", "api-d12", "sensor");
        assertProblem(http.method("PATCH", DEVICES + "/api-d12", "{\"pin\": {\"bundleId\": \"no-such-bundle\"}}"), 400);
        assertProblem(http.method("PATCH", DEVICES + "/api-d12",
                "{\"pin\": {\"type\": \"api-pin-missing\", \"version\": \"9.9.9\"}}"), 400);
        assertTrue(http.get(DEVICES + "/api-d12").json().get("pin").isNull());
    }

    @Test
    void theNewestBundleOfTheDevicesClassIsOfferedAndItsFilesDownload() {
        releases("api-bundled", "1.0.0");
        String image = release("api-bundled", "1.5.0");
        String bundle = http.postJson("bundles", "{\"name\": \"lamps\", \"deviceClass\": \"api-lamp\", \"projectId\": 1,"
                + " \"components\": [{\"versionId\": \"" + image + "\"}]}").json().get("id").asText();
        Http device = device("1", "api-d11", "api-lamp");

        JsonNode offer = device.get(UPDATES + "?installed=api-bundled:1.0.0").json();
        assertEquals("bundle", offer.get("kind").asText());
        assertEquals(bundle, offer.get("bundleId").asText());
        assertEquals(200, device.get(relative(offer.get("images").get(0).get("url").asText()))
                .status());
        assertEquals(200, report(device, offer.get("id").asText(), "{\"status\": \"succeeded\"}").status());
        assertEquals(bundle, http.get(DEVICES + "/api-d11").json().get("installedBundleId").asText());
        assertEquals(204, device.get(UPDATES).status());
    }
}
