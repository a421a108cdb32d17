package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.persistence.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Firmament instances on one PostgreSQL database, as a load-balanced deployment runs: a key
 * revoked or rotated on one stops working there on the next request, and on the other within the
 * credential cache's bound ({@code CREDENTIAL_CACHE_SECONDS}, here 2 s); a bundle published on one
 * reaches check-ins on the other within the check-in cache's bound ({@code CHECK_IN_CACHE_SECONDS},
 * here 2 s too), even when the other has just answered from what it remembered, and so does a
 * firmware entry published through seed 000 reach that seed's device check; a change of a
 * device's check-in state (its status report, seed 002's firmware info, an operator's pin) reaches
 * the device API check-in on the other within the credential cache's bound, although the other
 * remembers device states far longer than the check-in cache's lifetime, and so does a firmware
 * deployed through seed 003 reach that seed's poll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachesAcrossInstancesTest {

    private static final Duration CACHE_BOUND = Duration.ofSeconds(2);
    /** Time for the requests themselves on a busy 2-core machine, on top of the bound. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private PersistenceConfig database;
    private FirmamentServer first;
    private FirmamentServer second;
    private Path firstDir;
    private Path secondDir;

    @BeforeAll
    void twoInstancesOnOneDatabase() throws IOException {
        database = PostgresTestDatabase.INSTANCE.createDatabase();
        Map<String, String> shared = Map.of(
                "FIRMAMENT_DB_URL", database.jdbcUrl(),
                "FIRMAMENT_DB_USER", database.user(),
                "FIRMAMENT_DB_PASSWORD", database.password(),
                "FIRMAMENT_CREDENTIAL_CACHE_SECONDS", Long.toString(CACHE_BOUND.toSeconds()),
                "FIRMAMENT_CHECK_IN_CACHE_SECONDS", Long.toString(CACHE_BOUND.toSeconds()));
        firstDir = Files.createTempDirectory("firmament-first");
        secondDir = Files.createTempDirectory("firmament-second");
        first = TestServers.start(firstDir, shared);
        second = TestServers.start(secondDir, shared);
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
        PostgresTestDatabase.INSTANCE.dropDatabase(database);
        TestServers.deleteTree(firstDir);
        TestServers.deleteTree(secondDir);
    }

    @Test
    void aRevokedProjectKeyStopsAtOnceWhereRevokedAndWithinTheBoundElsewhere() throws Exception {
        Http admin = TestServers.client(first);
        JsonNode key = admin.postJson("api/management/v1/projects/1/keys", "{\"name\":\"ci\",\"role\":\"read\"}")
                .json();
        String bearer = "Bearer " + key.get("key").asText();
        Http onFirst = admin.withAuthorization(bearer);
        Http onSecond = TestServers.client(second).withAuthorization(bearer);
        assertEquals(200, onFirst.get("image").status());
        assertEquals(200, onSecond.get("image").status(), "the second instance now remembers the key");

        assertEquals(204, admin.delete("api/management/v1/projects/1/keys/" + key.get("id").asText()).status());

        assertEquals(401, onFirst.get("image").status(), "the revoking instance forgets the key at once");
        assertStopsWithinTheBound(onSecond);
    }

    @Test
    void aRotatedDeviceKeyStopsAtOnceWhereRotatedAndWithinTheBoundElsewhere() throws Exception {
        Http admin = TestServers.client(first);
        JsonNode device = admin.postJson("api/management/v1/projects/1/devices", "{\"deviceClass\":\"lamp\"}").json();
        String bearer = "Bearer " + device.get("apiKey").asText();
        Http onFirst = admin.withAuthorization(bearer);
        Http onSecond = TestServers.client(second).withAuthorization(bearer);
        assertEquals(200, onFirst.get("bundles").status());
        assertEquals(200, onSecond.get("bundles").status());

        String rotatedPath = "api/management/v1/projects/1/devices/" + device.get("id").asText() + "/key";
        JsonNode rotated = admin.postJson(rotatedPath, "").json();

        assertEquals(401, onFirst.get("bundles").status());
        assertStopsWithinTheBound(onSecond);
        assertEquals(200, TestServers.client(second).withAuthorization("Bearer " + rotated.get("apiKey").asText())
                .get("bundles").status(), "the new key works on every instance at once");
    }

    @Test
    void aBundlePublishedOnOneInstanceReachesCheckInsOnTheOtherWithinTheBound() throws Exception {
        Http admin = TestServers.client(first);
        JsonNode device = admin.postJson("api/management/v1/projects/1/devices", "{\"deviceClass\":\"pump\"}")
                .json();
        Http deviceOnSecond = TestServers.client(second).withAuthorization("Bearer " + device.get("apiKey").asText());
        assertEquals("[]", deviceOnSecond.get("bundles").json().toString(), "nothing is offered yet");
        assertEquals(204, deviceOnSecond.get("api/devices/v1/updates").status());

        String image = admin.postJson("image", "{\"label\":\"pump-fw\",\"fw_version\":\"1.0.0\"}").json()
                .get("id").asText();
        assertEquals(200, admin.postFile("image/" + image + "/binary", "image", "pump.bin",
                ("pump firmware " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).status());
        JsonNode bundle = admin.postJson("bundles", "{\"name\":\"pump\",\"deviceClass\":\"pump\",\"projectId\":1,"
                + "\"components\":[{\"versionId\":\"" + image + "\"}]}").json();
        String bundleId = bundle.get("id").asText();

        assertWithinTheBound(() -> deviceOnSecond.get("bundles").json().toString().contains(bundleId),
                "seed 002's check-in on the other instance offers the new bundle");
        assertWithinTheBound(() -> {
            Http.Response update = deviceOnSecond.get("api/devices/v1/updates");
            return update.status() == 200 && update.json().toString().contains(bundleId);
        }, "the device API on the other instance offers the new bundle");
    }

    /** A device of its own class, offered a bundle of one image, whose check-in the second instance remembers. */
    private String[] deviceOfferedABundle(String deviceClass) throws InterruptedException {
        Http admin = TestServers.client(first);
        JsonNode device = admin.postJson("api/management/v1/projects/1/devices",
                "{\"deviceClass\":\"" + deviceClass + "\"}").json();
        String image = admin.postJson("image", "{\"label\":\"" + deviceClass + "-fw\",\"fw_version\":\"1.0.0\"}")
                .json().get("id").asText();
        assertEquals(200, admin.postFile("image/" + image + "/binary", "image", "fw.bin",
                (deviceClass + " firmware " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .status());
        String bundleId = admin.postJson("bundles", "{\"name\":\"" + deviceClass + "\",\"deviceClass\":\""
                + deviceClass + "\",\"projectId\":1,\"components\":[{\"versionId\":\"" + image + "\"}]}")
                .json().get("id").asText();
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device.get("apiKey").asText());
        assertWithinTheBoundQuietly(() -> onSecond.get("api/devices/v1/updates").status() == 200);
        Http.Response offered = onSecond.get("api/devices/v1/updates");
        assertEquals(200, offered.status());
        return new String[] {device.get("id").asText(), device.get("apiKey").asText(), bundleId,
                offered.json().get("id").asText()};
    }

    @Test
    void aStatusReportOnOneInstanceReachesTheDeviceApiCheckInOnTheOtherWithinTheBound() throws Exception {
        String[] device = deviceOfferedABundle("valve");
        Http onFirst = TestServers.client(first).withAuthorization("Bearer " + device[1]);
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device[1]);
        // Past the check-in cache's lifetime: only the device state epoch can make the second forget.
        Thread.sleep(CACHE_BOUND.toMillis() + 200);
        assertEquals(200, onSecond.get("api/devices/v1/updates").status());

        assertEquals(200, onFirst.postJson("api/devices/v1/updates/" + device[3] + "/status",
                "{\"status\":\"downloading\"}").status());
        assertWithinTheBound(() -> onSecond.get("api/devices/v1/updates").json().get("state").asText()
                .equals("downloading"), "the other instance answers the reported progress");
        assertEquals(200, onFirst.postJson("api/devices/v1/updates/" + device[3] + "/status",
                "{\"status\":\"succeeded\"}").status());
        assertEquals(204, onFirst.get("api/devices/v1/updates").status(), "at once where it was reported");
        assertWithinTheBound(() -> onSecond.get("api/devices/v1/updates").status() == 204,
                "the other instance offers nothing once the device reported success");
    }

    /**
     * The second instance remembers the device's offer open; the first supersedes it (a newer
     * bundle), then the newer bundle is deleted, so the decision comes back to the first offer's
     * content. The second must not answer that superseded offer again, which the device could not
     * report on.
     */
    @Test
    void anOfferSupersededOnOneInstanceIsNotAnsweredAgainOnTheOtherWhenTheDecisionComesBackToIt()
            throws Exception {
        String[] device = deviceOfferedABundle("fan");
        Http admin = TestServers.client(first);
        Http onFirst = admin.withAuthorization("Bearer " + device[1]);
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device[1]);
        // Past the second instance's own epoch advance for its offer and the check-in cache's
        // lifetime: only the first instance's announcement can make it forget from here.
        Thread.sleep(CACHE_BOUND.toMillis() + 200);
        assertEquals(device[3], onSecond.get("api/devices/v1/updates").json().get("id").asText());

        String newerImage = admin.postJson("image", "{\"label\":\"fan-fw\",\"fw_version\":\"2.0.0\"}").json()
                .get("id").asText();
        assertEquals(200, admin.postFile("image/" + newerImage + "/binary", "image", "fw.bin",
                ("fan firmware 2 " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).status());
        String newerBundle = admin.postJson("bundles", "{\"name\":\"fan-2\",\"deviceClass\":\"fan\","
                + "\"projectId\":1,\"components\":[{\"versionId\":\"" + newerImage + "\"}]}").json()
                .get("id").asText();
        JsonNode superseding = onFirst.get("api/devices/v1/updates").json();
        assertEquals(newerBundle, superseding.get("bundleId").asText(), "the first instance offers the newer bundle");
        assertEquals(204, admin.delete("bundles/" + newerBundle).status());

        assertWithinTheBound(() -> {
            JsonNode answered = onSecond.get("api/devices/v1/updates").json();
            return answered.get("bundleId").asText().equals(device[2]) && !answered.get("id").asText().equals(device[3]);
        }, "the other instance offers the first bundle again as a new update, not the superseded one");
        String answered = onSecond.get("api/devices/v1/updates").json().get("id").asText();
        assertEquals(200, onSecond.postJson("api/devices/v1/updates/" + answered + "/status",
                "{\"status\":\"downloading\"}").status(), "the device can report on what it was answered");
    }

    @Test
    void firmwareInfoReportedThroughSeed002OnOneInstanceReachesTheDeviceApiCheckInOnTheOther() throws Exception {
        String[] device = deviceOfferedABundle("heater");
        Http onFirst = TestServers.client(first).withAuthorization("Bearer " + device[1]);
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device[1]);
        assertEquals(200, onFirst.method("PUT", "devices/" + device[0] + "/firmwareInfo",
                "{\"bundleId\":\"" + device[2] + "\"}").status());
        assertEquals(204, onFirst.get("api/devices/v1/updates").status(), "at once where it was reported");
        assertWithinTheBound(() -> onSecond.get("api/devices/v1/updates").status() == 204,
                "the other instance sees the installed bundle");
    }

    @Test
    void anOperatorsChangeOnOneInstanceReachesTheDeviceApiCheckInOnTheOther() throws Exception {
        String[] device = deviceOfferedABundle("boiler");
        Http admin = TestServers.client(first);
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device[1]);
        Thread.sleep(CACHE_BOUND.toMillis() + 200);
        assertEquals(200, onSecond.get("api/devices/v1/updates").status());
        assertEquals(200, admin.method("PATCH", "api/management/v1/projects/1/devices/" + device[0],
                "{\"deviceClass\":\"boiler_without_bundles\"}").status());
        assertWithinTheBound(() -> onSecond.get("api/devices/v1/updates").status() == 204,
                "the other instance decides on the device's new class");
    }

    @Test
    void firmwareDeployedThroughSeed003OnOneInstanceReachesItsPollOnTheOtherWithinTheBound() throws Exception {
        Http admin = TestServers.client(first);
        JsonNode device = admin.postJson("api/management/v1/projects/1/devices", "{\"deviceClass\":\"meter\"}").json();
        String id = device.get("id").asText();
        Http pollFirst = TestServers.client(first).withAuthorization(null);
        Http pollSecond = TestServers.client(second).withAuthorization(null);
        assertEquals(404, pollSecond.get("v1/ota/device/latest/" + id).status(), "nothing deployed yet");
        assertEquals(201, deploy(admin, id, device.get("apiKey").asText(), "1.0.0").status());
        assertWithinTheBoundQuietly(() -> pollSecond.get("v1/ota/device/latest/" + id).status() == 200);
        // Past the check-in cache's lifetime: only the device state epoch can make the second forget.
        Thread.sleep(CACHE_BOUND.toMillis() + 200);
        pollSecond.get("v1/ota/device/latest/" + id).expectJson("{\"ver\": \"1.0.0\"}");

        assertEquals(201, deploy(admin, id, device.get("apiKey").asText(), "1.0.1").status());
        pollFirst.get("v1/ota/device/latest/" + id).expectJson("{\"ver\": \"1.0.1\"}");
        assertWithinTheBound(() -> pollSecond.get("v1/ota/device/latest/" + id).json().get("ver").asText()
                .equals("1.0.1"), "the other instance answers the new version");

        assertEquals(204, admin.delete("api/management/v1/projects/1/devices/" + id).status());
        assertEquals(404, pollFirst.get("v1/ota/device/latest/" + id).status(), "at once where it was deleted");
        assertWithinTheBound(() -> pollSecond.get("v1/ota/device/latest/" + id).status() == 404,
                "the other instance forgets the deleted device");
    }

    @Test
    void firmwarePublishedThroughSeed000OnOneInstanceReachesTheDeviceCheckOnTheOtherWithinTheBound() throws Exception {
        Http admin = TestServers.client(first);
        String type = "lock" + System.nanoTime();
        assertEquals(201, admin.postJson("api/v1/firmware", "{\"type\":\"" + type + "\",\"version\":\"a\","
                + "\"url\":\"https://cdn.example.com/a.bin\"}").status());
        JsonNode device = admin.postJson("api/management/v1/projects/1/devices", "{\"deviceClass\":\"lock\"}").json();
        Http onSecond = TestServers.client(second).withAuthorization("Bearer " + device.get("apiKey").asText());
        String check = "api/v1/firmware/check?type=" + type + "&version=a";
        assertEquals("Firmware is up to date", onSecond.get(check).json().get("msg").asText());

        assertEquals(201, admin.postJson("api/v1/firmware", "{\"type\":\"" + type + "\",\"version\":\"b\","
                + "\"url\":\"https://cdn.example.com/b.bin\"}").status());
        assertWithinTheBound(() -> onSecond.get(check).json().get("msg").asText()
                .equals("A newer firmware is available"), "the other instance answers the new entry");
    }

    @Test
    void publicOtaTurnedOffOnOneInstanceStopsAnonymousBundlesOnTheOtherWithinTheBound() throws Exception {
        Http admin = TestServers.client(first);
        String project = admin.postJson("api/management/v1/projects", "{\"name\":\"public" + System.nanoTime()
                + "\",\"publicOta\":true}").json().get("id").asText();
        assertEquals(201, admin.postJson("bundles", "{\"name\":\"open\",\"deviceClass\":\"kiosk\",\"projectId\":"
                + project + ",\"components\":[]}").status());
        Http anonymousOnSecond = TestServers.client(second).withAuthorization(null);
        String bundles = "bundles?projectId=" + project + "&deviceClass=kiosk";
        assertWithinTheBoundQuietly(() -> anonymousOnSecond.get(bundles).status() == 200);
        assertEquals("open", anonymousOnSecond.get(bundles).json().get(0).get("name").asText());

        assertEquals(200, admin.method("PATCH", "api/management/v1/projects/" + project, "{\"publicOta\":false}")
                .status());
        assertEquals(401, TestServers.client(first).withAuthorization(null).get(bundles).status(),
                "at once where it was turned off");
        assertWithinTheBound(() -> anonymousOnSecond.get(bundles).status() == 401,
                "the other instance stops serving the project's bundles anonymously");
    }

    private static Http.Response deploy(Http admin, String deviceId, String token, String version) {
        return admin.postForm("v1/ota/device", java.util.List.of(Http.Part.field("device", deviceId),
                Http.Part.field("token", token), Http.Part.field("version", version),
                Http.Part.firmware(("meter firmware " + version).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static void assertWithinTheBoundQuietly(java.util.function.BooleanSupplier seen)
            throws InterruptedException {
        assertWithinTheBound(seen, "set-up");
    }

    private static void assertWithinTheBound(java.util.function.BooleanSupplier seen, String what)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + CACHE_BOUND.plus(SLACK).toNanos();
        boolean done = seen.getAsBoolean();
        while (!done && System.nanoTime() < deadline) {
            Thread.sleep(50);
            done = seen.getAsBoolean();
        }
        assertTrue(done, what + ": not within " + CACHE_BOUND.plus(SLACK));
    }

    private static void assertStopsWithinTheBound(Http client) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + CACHE_BOUND.plus(SLACK).toNanos();
        while (client.get("image").status() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(401, client.get("image").status(), "still accepted after " + took);
        assertTrue(took.compareTo(CACHE_BOUND.plus(SLACK)) <= 0, "took " + took);
    }
}
