package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stored binaries over real HTTP: identical bytes are stored once and stay while any image uses
 * them; bytes changed in the store behind Firmament's back are never served as good, found by a
 * download or a verification run, listed for the admin and counted in the metrics. Subclasses
 * choose the store and reach into it the way a failing disk or a careless operator would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoredBinariesApiContract {

    private static final String CORRUPT = "api/management/v1/binaries/corrupt";
    private static final String VERIFICATION = "api/management/v1/binaries/verification";

    Path dataDir;
    private FirmamentServer server;
    Http http;

    /** The settings of the deployment under test, beyond port, data directory and admin token. */
    abstract Map<String, String> deploymentSettings();

    /** The keys of the stored objects that hold exactly {@code content}. */
    abstract List<String> keysHolding(byte[] content);

    /** Changes one byte of the stored object under {@code key}, as bit rot would. */
    abstract void flipAByte(String key);

    @BeforeAll
    void startServer() throws IOException {
        dataDir = Files.createTempDirectory("firmament-binaries-test");
        server = TestServers.start(dataDir, deploymentSettings());
        http = TestServers.client(server);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        TestServers.deleteTree(dataDir);
    }

    private static byte[] unique(String what) {
        return (what + " " + UUID.randomUUID()).repeat(500).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void identicalBytesAreStoredOnceAndStayUntilTheLastImageUsingThemGoes() {
        byte[] content = unique("shared");
        String first = TestImages.withBinary(http, content);
        String second = TestImages.withBinary(http, content);
        assertEquals(1, keysHolding(content).size(), "one copy for two images");

        assertEquals(200, http.delete("image/" + first).status());
        Http.Response download = http.get("image/" + second + "/binary");
        assertEquals(200, download.status());
        assertArrayEquals(content, download.bytes());
        assertEquals(1, keysHolding(content).size());

        assertEquals(200, http.delete("image/" + second + "/binary").status());
        assertEquals(List.of(), keysHolding(content), "the last user let go of it");
    }

    @Test
    void aDownloadOfChangedBytesBreaksOffAndTheBinaryIsNoLongerOfferedUntilUploadedAgain() {
        byte[] content = unique("rotting");
        String image = TestImages.withBinary(http, content);
        String key = keysHolding(content).get(0);
        flipAByte(key);

        assertNeverServedWhole(image, content);

        JsonNode corrupt = http.get(CORRUPT).json().get("binaries");
        assertEquals(1, corrupt.size(), corrupt.toString());
        assertEquals(key, corrupt.get(0).get("key").asText());
        assertEquals(image, corrupt.get(0).get("images").get(0).get("imageId").asText());
        Http.Response refused = http.get("image/" + image + "/binary");
        assertEquals(503, refused.status(), "a corrupt binary is not served");
        assertEquals(503, http.send(http.request("image/" + image + "/binary")
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build()).status(),
                "nor described as servable");
        assertTrue(java.util.regex.Pattern.compile("(?m)^firmament_binaries_corrupt_found_total [1-9]")
                .matcher(new String(http.get("metrics").bytes(), StandardCharsets.UTF_8)).find());

        assertEquals(200, http.postFile("image/" + image + "/binary", "image", "fw.bin", content).status());
        Http.Response healed = http.get("image/" + image + "/binary");
        assertEquals(200, healed.status());
        assertArrayEquals(content, healed.bytes());
        assertEquals(0, http.get(CORRUPT).json().get("binaries").size(), "the corrupt copy was released");
        assertEquals(1, keysHolding(content).size());
    }

    @Test
    void aLargeDownloadOfChangedBytesBreaksOffShortOfItsDeclaredLength() {
        byte[] content = new byte[3 * 1024 * 1024];
        new java.util.Random(42).nextBytes(content);
        String image = TestImages.withBinary(http, content);
        String key = keysHolding(content).get(0);
        flipAByte(key);

        UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> http.get("image/" + image + "/binary"),
                "the bytes already sent cannot be taken back, so the body ends short of its Content-Length");
        assertTrue(cut.getCause() instanceof IOException);
        assertEquals(503, http.get("image/" + image + "/binary").status());
        assertEquals(200, http.delete("image/" + image).status());
    }

    @Test
    void aVerificationRunFindsChangedBytesThatNobodyDownloaded() {
        byte[] good = unique("good");
        byte[] rotten = unique("rotten");
        TestImages.withBinary(http, good);
        String image = TestImages.withBinary(http, rotten);
        String key = keysHolding(rotten).get(0);
        flipAByte(key);

        Http.Response report = http.postJson(VERIFICATION, "");
        assertEquals(200, report.status(), new String(report.bytes(), StandardCharsets.UTF_8));
        assertTrue(report.json().get("checked").asInt() >= 2);
        assertTrue(report.json().get("corrupt").toString().contains(key), report.json().toString());
        assertEquals(503, http.get("image/" + image + "/binary").status());

        // Cleaned up so the other tests see only their own findings.
        assertEquals(200, http.delete("image/" + image).status());
    }

    /**
     * A download of changed bytes either answers 503 (when the mismatch shows before anything was
     * sent) or breaks off short of its Content-Length, which every HTTP client reports as an error.
     */
    private void assertNeverServedWhole(String image, byte[] content) {
        try {
            Http.Response answer = http.get("image/" + image + "/binary");
            assertEquals(503, answer.status(), "a binary that does not match its SHA-256 was served");
        } catch (UncheckedIOException cutShort) {
            assertTrue(cutShort.getCause() instanceof IOException);
        }
    }

    /** The file-system store: objects are files under DATA_DIR/binaries/objects. */
    static List<Path> objectFiles(Path dataDir) {
        Path objects = dataDir.resolve("binaries").resolve("objects");
        try (java.util.stream.Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
