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
 * credential cache's bound ({@code CREDENTIAL_CACHE_SECONDS}, here 2 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationAcrossInstancesTest {

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
                "FIRMAMENT_CREDENTIAL_CACHE_SECONDS", Long.toString(CACHE_BOUND.toSeconds()));
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
