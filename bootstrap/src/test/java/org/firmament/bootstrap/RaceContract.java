package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.firmament.application.port.in.ManageApiKeysUseCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Concurrent requests on every surface, spread over the {@link #instances()} under test (one
 * server on the embedded default, or two servers sharing one PostgreSQL and one S3 store): racing
 * creations of one thing leave exactly one, the losers get the surface's duplicate error;
 * concurrent changes of one thing lose no update, the loser gets the surface's conflict; a
 * download racing the replacement of its binary serves one binary whole, with that binary's ETag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RaceContract {

    static final int RACERS = 12;
    private static final String MANAGEMENT = "api/management/v1/projects/";

    /** The clients of the instances under test, holding the admin token; requests go round them. */
    abstract List<Http> instances();

    private Http instance(int racer) {
        return instances().get(racer % instances().size());
    }

    @Test
    void racingImageManagerCreationsOfOneLabelAndVersionLeaveOneImage() throws Exception {
        String label = unique("im");
        List<Http.Response> responses = race(racer -> () -> instance(racer).postJson("image",
                "{\"label\":\"" + label + "\",\"fw_version\":\"1.0.0\"}"));

        assertOneWinner(responses, 201, 409, json -> json.get("status").asInt() == 409 && json.has("message"));
        assertEquals(1, instance(0).get("image?label=" + label).json().size());
    }

    @Test
    void racingFirmwareApiCreationsOfOneTypeAndVersionLeaveOneEntry() throws Exception {
        String type = unique("fw");
        List<Http.Response> responses = race(racer -> () -> instance(racer).postJson("api/v1/firmware",
                "{\"type\":\"" + type + "\",\"version\":\"7\",\"url\":\"https://x.example/" + racer + ".bin\"}"));

        assertOneWinner(responses, 201, 400, json -> json.get("errors").get(0).get("detail").asText()
                .contains("firmware_type_version_key"));
        assertEquals(1, instance(1).get("image?label=" + type).json().size(), "one row, seen through the other surface");
    }

    @Test
    void racingDeviceOtaDeploymentsOfOneVersionTriggerOneUpdate() throws Exception {
        String device = unique("dev");
        JsonNode created = instance(0).postJson(MANAGEMENT + "1/devices",
                "{\"id\":\"" + device + "\",\"deviceClass\":\"race\"}").json();
        String token = created.get("apiKey").asText();
        List<Http.Response> responses = race(racer -> () -> instance(racer).postForm("v1/ota/device", List.of(
                Http.Part.firmware(("ota " + racer).getBytes(StandardCharsets.UTF_8)), Http.Part.field("device", device),
                Http.Part.field("token", token), Http.Part.field("version", "3.0.0"))));

        for (Http.Response response : responses) {
            assertTrue(response.status() == 201 || response.status() == 200 || response.status() == 409,
                    response.status() + " " + body(response));
            assertTrue(response.json().has("message") || response.json().has("data") || response.json().has("version")
                    || response.status() != 409, body(response));
        }
        JsonNode latest = instance(1).withAuthorization(null).get("v1/ota/device/latest/" + device).json();
        assertEquals("3.0.0", latest.get("ver").asText());
        Http.Response download = instance(1).withAuthorization(null).get("v1/ota/device/download/" + device + token);
        assertEquals(200, download.status());
        assertTrue(new String(download.bytes(), StandardCharsets.UTF_8).startsWith("ota "), "one whole binary");
    }

    /**
     * After a release, many devices check in at once, each twice: the check-ins that record are
     * recorded together, several in one transaction, and a device's two check-ins never in the same
     * or in two at once. Each device ends with exactly one offer, the one both its check-ins answer.
     */
    @Test
    void concurrentCheckInsOfManyDevicesAfterAReleaseRecordOneOfferEach() throws Exception {
        String type = unique("fleet");
        assertEquals(201, instance(0).postJson(MANAGEMENT + "1/firmware-types",
                "{\"name\":\"" + type + "\",\"versionScheme\":\"semantic\"}").status());
        String image = instance(0).postJson("image", "{\"label\":\"" + type + "\",\"fw_version\":\"2.0.0\"}")
                .json().get("id").asText();
        assertEquals(200, instance(0).postFile("image/" + image + "/binary", "image", "fleet.bin",
                "fleet 2.0.0".getBytes(StandardCharsets.UTF_8)).status());
        int fleet = 3 * RACERS;
        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < fleet; i++) {
            ids.add(type + "-" + i);
            Http.Response created = instance(i).postJson(MANAGEMENT + "1/devices",
                    "{\"id\":\"" + ids.get(i) + "\",\"deviceClass\":\"fleet\"}");
            assertEquals(201, created.status(), body(created));
            keys.add("Bearer " + created.json().get("apiKey").asText());
        }

        // A device's two check-ins go to two instances when there are two.
        List<Http.Response> responses = race(2 * fleet, racer -> () -> instance(racer / fleet)
                .withAuthorization(keys.get(racer % fleet)).get("api/devices/v1/updates?installed=" + type + ":1.0.0"));

        for (int i = 0; i < fleet; i++) {
            Http.Response first = responses.get(i);
            Http.Response second = responses.get(i + fleet);
            assertEquals(200, first.status(), body(first));
            assertEquals(200, second.status(), body(second));
            String offered = first.json().get("id").asText();
            assertEquals(offered, second.json().get("id").asText(), "both check-ins of " + ids.get(i));
            JsonNode history = instance(i).get(MANAGEMENT + "1/devices/" + ids.get(i) + "/updates").json();
            assertEquals(1, history.get("total").asInt(), ids.get(i) + ": " + history);
            assertEquals(offered, history.get("updates").get(0).get("id").asText());
        }
    }

    @Test
    void racingFirmwareTypeCreationsOfOneNameLeaveOneType() throws Exception {
        String name = unique("type");
        List<Http.Response> responses = race(racer -> () -> instance(racer).postJson(MANAGEMENT + "1/firmware-types",
                "{\"name\":\"" + name + "\",\"versionScheme\":\"semantic\"}"));

        assertOneWinner(responses, 201, 409, RaceContract::isProblem);
        long types = 0;
        for (JsonNode type : instance(1).get(MANAGEMENT + "1/firmware-types").json().get("firmwareTypes")) {
            types += type.get("name").asText().equals(name) ? 1 : 0;
        }
        assertEquals(1, types);
    }

    @Test
    void racingDeviceRegistrationsOfOneIdLeaveOneDevice() throws Exception {
        String device = unique("reg");
        List<Http.Response> responses = race(racer -> () -> instance(racer).postJson(MANAGEMENT + "1/devices",
                "{\"id\":\"" + device + "\",\"deviceClass\":\"race\"}"));

        assertOneWinner(responses, 201, 409, RaceContract::isProblem);
        assertEquals(200, instance(1).get(MANAGEMENT + "1/devices/" + device).status());
    }

    /** Each creation counts the project's keys and adds one: without the project locked, several saw room for one. */
    @Test
    void racingApiKeyCreationsNeverTakeAProjectPastItsKeyLimit() throws Exception {
        String project = instance(0).postJson(MANAGEMENT, "{\"name\":\"" + unique("keys") + "\"}").json().get("id")
                .asText();
        for (int i = 1; i < ManageApiKeysUseCase.MAX_KEYS_PER_PROJECT; i++) {
            assertEquals(201, instance(i).postJson(MANAGEMENT + project + "/keys",
                    "{\"name\":\"key-" + i + "\",\"role\":\"read\"}").status());
        }
        List<Http.Response> responses = race(racer -> () -> instance(racer).postJson(MANAGEMENT + project + "/keys",
                "{\"name\":\"racer-" + racer + "\",\"role\":\"read\"}"));

        assertOneWinner(responses, 201, 400, json -> json.get("status").asInt() == 400
                && json.get("detail").asText().contains("at most " + ManageApiKeysUseCase.MAX_KEYS_PER_PROJECT));
        assertEquals(ManageApiKeysUseCase.MAX_KEYS_PER_PROJECT,
                instance(1).get(MANAGEMENT + project + "/keys").json().get("keys").size());
    }

    /**
     * A deletion lists the project's keys to announce them gone; a creation committed after that
     * listing would leave a key no instance was told to forget. Both lock the project first, so
     * each creation either wins before the deletion (its key then goes with the project) or finds
     * no project.
     */
    @Test
    void apiKeyCreationsRacingTheirProjectsDeletionEachWinOrFindNoProject_andNoKeyOutlivesIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            String project = instance(0).postJson(MANAGEMENT, "{\"name\":\"" + unique("gone") + "\"}").json()
                    .get("id").asText();
            List<Http.Response> responses = race(racer -> () -> racer == RACERS / 2
                    ? instance(racer).delete(MANAGEMENT + project)
                    : instance(racer).postJson(MANAGEMENT + project + "/keys",
                            "{\"name\":\"racer-" + racer + "\",\"role\":\"read\"}"));

            assertEquals(204, responses.get(RACERS / 2).status(), body(responses.get(RACERS / 2)));
            for (int racer = 0; racer < RACERS; racer++) {
                Http.Response created = responses.get(racer);
                if (racer == RACERS / 2) {
                    continue;
                }
                if (created.status() == 201) {
                    String key = created.json().get("key").asText();
                    for (Http http : instances()) {
                        assertEquals(401, http.withAuthorization("Bearer " + key).get("image").status(),
                                "a key created before its project's deletion went with it");
                    }
                } else {
                    assertEquals(404, created.status(), body(created));
                    assertTrue(created.json().get("detail").asText().contains(project), body(created));
                }
            }
            assertEquals(404, instance(1).get(MANAGEMENT + project).status());
        }
    }

    @Test
    void concurrentChangesOfDifferentFieldsOfOneProjectLoseNoUpdate() throws Exception {
        for (int round = 0; round < 6; round++) {
            String project = instance(0).postJson(MANAGEMENT, "{\"name\":\"" + unique("p") + "\"}").json().get("id")
                    .asText();
            List<Http.Response> responses = race(2, racer -> () -> instance(racer).method("PATCH", MANAGEMENT + project,
                    racer == 0 ? "{\"publicOta\":true}" : "{\"defaultChannel\":\"beta\"}"));

            JsonNode after = instance(1).get(MANAGEMENT + project).json();
            for (int racer = 0; racer < 2; racer++) {
                Http.Response response = responses.get(racer);
                if (response.status() == 200) {
                    boolean kept = racer == 0 ? after.get("publicOta").asBoolean()
                            : after.get("defaultChannel").asText().equals("beta");
                    assertTrue(kept, "a change answered 200 was lost: " + after);
                } else {
                    assertEquals(409, response.status(), body(response));
                    assertTrue(isProblem(response.json()), body(response));
                }
            }
        }
    }

    @Test
    void concurrentReplacementsOfOneBundleEachCountOrConflict() throws Exception {
        Http first = instance(0);
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = first.postJson("image", "{\"label\":\"" + unique("bc") + "\",\"fw_version\":\"1.0.0\"}").json()
                    .get("id").asText();
            images.add(id);
        }
        String name = unique("bundle");
        String bundle = first.postJson("bundles", bundleJson(name, images.get(0))).json().get("id").asText();
        long auditBefore = bundleChanges(bundle);

        List<Http.Response> responses = race(racer -> () -> instance(racer).method("PUT", "bundles/" + bundle,
                bundleJson(name + "-" + racer, images.get(racer % 2))));

        int applied = 0;
        for (Http.Response response : responses) {
            if (response.status() == 200) {
                applied++;
            } else {
                assertEquals(409, response.status(), body(response));
                assertTrue(response.json().has("reason") && response.json().has("message"), body(response));
            }
        }
        assertTrue(applied >= 1, "at least one change goes through");
        assertEquals(auditBefore + applied, bundleChanges(bundle), "every change answered 200 was made, no other");
        JsonNode after = instance(1).get("bundles/" + bundle).json();
        assertTrue(after.get("name").asText().startsWith(name + "-"), after.toString());
    }

    @Test
    void aDownloadRacingTheReplacementOfItsBinaryServesOneBinaryWholeWithItsETag() throws Exception {
        byte[] a = new byte[512 * 1024];
        byte[] b = new byte[512 * 1024];
        Arrays.fill(a, (byte) 'A');
        Arrays.fill(b, (byte) 'B');
        String etagA = "\"" + sha256(a) + "\"";
        String etagB = "\"" + sha256(b) + "\"";
        String id = instance(0).postJson("image", "{\"label\":\"" + unique("dl") + "\",\"fw_version\":\"1.0.0\"}").json()
                .get("id").asText();
        assertEquals(200, instance(0).postFile("image/" + id + "/binary", "image", "a.bin", a).status());

        AtomicBoolean replacing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> replacer = pool.submit(() -> {
                int replaced = 0;
                for (int i = 1; i <= 10; i++) {
                    byte[] next = i % 2 == 1 ? b : a;
                    Http.Response response = instance(i).postFile("image/" + id + "/binary", "image", "x.bin", next);
                    assertEquals(200, response.status(), body(response));
                    replaced++;
                }
                replacing.set(false);
                return replaced;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int reader = 0; reader < 4; reader++) {
                Http client = instance(reader);
                readers.add(pool.submit(() -> {
                    int served = 0;
                    while (replacing.get()) {
                        Http.Response download = client.get("image/" + id + "/binary");
                        if (download.status() != 200) {
                            // The row named a binary that was released the moment after: a retry gets the new one.
                            assertEquals(404, download.status(), body(download));
                            continue;
                        }
                        byte[] bytes = download.bytes();
                        boolean allA = Arrays.equals(bytes, a);
                        assertTrue(allA || Arrays.equals(bytes, b), "a mix of old and new bytes was served");
                        assertEquals(allA ? etagA : etagB, download.header("ETag"), "the ETag is the served binary's");
                        served++;
                    }
                    return served;
                }));
            }
            assertEquals(10, replacer.get());
            int served = 0;
            for (Future<Integer> reader : readers) {
                served += reader.get();
            }
            assertTrue(served > 0, "downloads ran while the binary was replaced");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One instance keeps publishing (a new image, its binary, the bundle switched to it) while the
     * other keeps reading the bundle and downloading what it names: every read sees a bundle whose
     * component exists with its whole binary, never a half-made state.
     */
    @Test
    void readsDuringConcurrentPublishingSeeAConsistentState() throws Exception {
        Http writer = instance(0);
        Http reader = instance(1);
        String name = unique("pub");
        String image = publishedImage(writer, 0);
        String bundle = writer.postJson("bundles", bundleJson(name, image)).json().get("id").asText();
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> published = pool.submit(() -> {
                for (int round = 1; round <= 8; round++) {
                    String next = publishedImage(writer, round);
                    Http.Response changed = writer.method("PUT", "bundles/" + bundle, bundleJson(name, next));
                    assertEquals(200, changed.status(), body(changed));
                }
                publishing.set(false);
                return 8;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (publishing.get()) {
                        JsonNode component = reader.get("bundles/" + bundle).json().get("components").get(0);
                        java.net.URI url = java.net.URI.create(component.get("url").asText());
                        Http.Response file = reader.get(url.getRawPath().substring(1)
                                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
                        assertEquals(200, file.status(), body(file));
                        assertEquals(component.get("checksum").asText(), sha1(file.bytes()),
                                "the bundle names the binary that is served");
                        reads++;
                    }
                    return reads;
                }));
            }
            assertEquals(8, published.get());
            for (Future<Integer> reads : readers) {
                assertTrue(reads.get() > 0, "reads ran while publishing");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String publishedImage(Http http, int round) {
        String id = http.postJson("image", "{\"label\":\"" + unique("pub") + "\",\"fw_version\":\"1.0." + round + "\"}")
                .json().get("id").asText();
        byte[] content = ("release " + round + " ").repeat(4096).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, http.postFile("image/" + id + "/binary", "image", "r.bin", content).status());
        return id;
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private long bundleChanges(String bundle) {
        long changes = 0;
        for (JsonNode entry : instance(0).get(MANAGEMENT + "1/audit?limit=500").json().get("entries")) {
            if (entry.get("subject").asText().equals("bundle") && entry.get("subjectId").asText().equals(bundle)
                    && entry.get("action").asText().equals("changed")) {
                changes++;
            }
        }
        return changes;
    }

    private static String bundleJson(String name, String image) {
        return "{\"name\":\"" + name + "\",\"deviceClass\":\"race\",\"projectId\":1,\"components\":[{\"versionId\":\""
                + image + "\"}]}";
    }

    private static boolean isProblem(JsonNode json) {
        return json.has("type") && json.has("title") && json.get("status").asInt() == 409 && json.has("detail");
    }

    private static void assertOneWinner(List<Http.Response> responses, int won, int lost, Predicate<JsonNode> lostShape) {
        int winners = 0;
        for (Http.Response response : responses) {
            if (response.status() == won) {
                winners++;
            } else {
                assertEquals(lost, response.status(), body(response));
                assertTrue(lostShape.test(response.json()), "not the surface's duplicate error: " + body(response));
            }
        }
        assertEquals(1, winners, "exactly one creation wins");
    }

    private List<Http.Response> race(IntFunction<Callable<Http.Response>> request) throws Exception {
        return race(RACERS, request);
    }

    /** Starts {@code racers} requests at the same moment and answers their responses in racer order. */
    private static List<Http.Response> race(int racers, IntFunction<Callable<Http.Response>> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Http.Response>> pending = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                Callable<Http.Response> call = request.apply(racer);
                pending.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> response : pending) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String body(Http.Response response) {
        return new String(response.bytes(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
