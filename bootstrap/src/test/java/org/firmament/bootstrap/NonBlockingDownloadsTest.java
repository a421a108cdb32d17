package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The write path of downloads ({@link NonBlockingDownloads}): a stalled client holds no worker
 * thread, a client that leaves mid-way releases its file and its place in the in-flight count,
 * every byte sent is counted, and the zero-copy policy: a whole binary is sent as the file holds it
 * only once this instance has read that version of the file whole and found it matching.
 */
class NonBlockingDownloadsTest extends RunningServerTest {

    private static final String BYTES = "firmament_download_bytes_total";

    @Test
    void stalledDownloadsHoldNoWorkerThreadWhileACheckInAnswers() throws Exception {
        int stalledCount = 60;
        String image = TestImages.withBinary(http, TestImages.random(8 * 1024 * 1024));
        Http device = deviceOfferedABundleOf(image);
        long workersBefore = workerThreads();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < stalledCount; i++) {
                stalled.add(DownloadClients.stalled(server, "/image/" + image + "/binary"));
            }
            DownloadClients.awaitInFlight(http, stalledCount);

            long started = System.nanoTime();
            assertEquals(200, device.get("/bundles").status());
            assertEquals(200, http.get("/api/management/v1/projects/1/devices").status());
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 5_000, "requests beside " + stalledCount + " stalled downloads took " + tookMillis + " ms");
            long workers = workerThreads();
            // Each stalled download held a worker before: the pool grew past the stalled count.
            assertTrue(workers < workersBefore + stalledCount / 2,
                    workers + " worker threads with " + stalledCount + " stalled downloads (" + workersBefore + " before)");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        DownloadClients.awaitInFlight(http, 0);
    }

    @Test
    void aClientLeavingMidTransferReleasesItsFileAndItsPlaceInFlight() throws Exception {
        byte[] content = TestImages.random(4 * 1024 * 1024);
        String image = TestImages.withBinary(http, content);
        double bytesBefore = metric(BYTES);

        // First while the file is streamed and hashed, then while it is sent as it is (zero-copy).
        for (int round = 0; round < 2; round++) {
            Socket leaving = DownloadClients.stalled(server, "/image/" + image + "/binary");
            DownloadClients.awaitInFlight(http, 1);
            assertTrue(DownloadClients.openBinaryFiles(dataDir) > 0, "the download holds its file open");
            leaving.close();
            DownloadClients.awaitInFlight(http, 0);
            DownloadClients.awaitNoOpenBinaryFiles(dataDir);
            assertEquals(200, http.get("/image/" + image + "/binary").status(), "round " + round);
        }
        double counted = metric(BYTES) - bytesBefore;
        assertTrue(counted > 2 * content.length && counted < 4 * content.length,
                "two whole downloads and two cut short, counted " + counted + " bytes");
        assertEquals(0, metric(DownloadClients.IN_FLIGHT));
    }

    @Test
    void aClientLeavingMidTransferIsOneDebugLineWithoutAStackTrace() throws Exception {
        String image = TestImages.withBinary(http, TestImages.random(4 * 1024 * 1024));
        List<ILoggingEvent> events = LogCapture.during(NonBlockingDownloads.class, () -> {
            DownloadClients.stalled(server, "/image/" + image + "/binary").close();
            DownloadClients.awaitInFlight(http, 0);
            Thread.sleep(200);
        });
        assertTrue(events.stream().noneMatch(event -> event.getThrowableProxy() != null), events.toString());
        assertTrue(events.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN)), events.toString());
        assertEquals(1, events.stream().filter(event -> event.getLoggerName().equals(NonBlockingDownloads.class.getName())
                && event.getLevel() == Level.DEBUG && event.getFormattedMessage().contains("ended after")).count(),
                events.toString());
    }

    @Test
    void everyByteServedIsCountedWhetherStreamedOrSentAsTheFileHoldsIt() {
        byte[] content = TestImages.random(3 * 1024 * 1024 + 17);
        String image = TestImages.withBinary(http, content);
        double before = metric(BYTES);

        assertArrayEquals(content, http.get("/image/" + image + "/binary").bytes(), "streamed and hashed");
        assertArrayEquals(content, http.get("/image/" + image + "/binary").bytes(), "sent as the file holds it");
        Http.Response range = http.send(http.request("/image/" + image + "/binary").header("Range", "bytes=100-199")
                .GET().build());
        assertEquals(206, range.status());

        assertEquals(2.0 * content.length + 100, metric(BYTES) - before);
        assertEquals(0, metric(DownloadClients.IN_FLIGHT));
    }

    @Test
    void aFileChangedAfterItWasHashedIsHashedAgainAndRefused() throws IOException {
        byte[] content = TestImages.random(32 * 1024);
        String image = TestImages.withBinary(http, content);
        assertArrayEquals(content, http.get("/image/" + image + "/binary").bytes(), "hashed: this version may go as it is");
        assertArrayEquals(content, http.get("/image/" + image + "/binary").bytes());

        Path file = onlyObjectHolding(content);
        byte[] changed = content.clone();
        changed[changed.length / 2] ^= 0x20;
        Files.write(file, changed);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));

        Http.Response refused = http.get("/image/" + image + "/binary");
        assertEquals(503, refused.status(), "a new version of the file is hashed again, and found wrong");
        assertEquals(503, http.get("/image/" + image + "/binary").status(), "and it stays refused");
    }

    @Test
    void bytesRottedWithoutChangingTheFileAreLeftToTheVerificationRun() throws IOException {
        byte[] content = TestImages.random(32 * 1024);
        String image = TestImages.withBinary(http, content);
        assertArrayEquals(content, http.get("/image/" + image + "/binary").bytes());

        Path file = onlyObjectHolding(content);
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] rotted = content.clone();
        rotted[rotted.length / 2] ^= 0x20;
        Files.write(file, rotted);
        Files.setLastModifiedTime(file, modified);

        // The documented limit: the same size, time and file look like the version that was hashed.
        assertArrayEquals(rotted, http.get("/image/" + image + "/binary").bytes());
        Http.Response verification = http.postJson("/api/management/v1/binaries/verification", "{}");
        assertEquals(200, verification.status(), new String(verification.bytes(), StandardCharsets.UTF_8));
        assertEquals(503, http.get("/image/" + image + "/binary").status(), "the verification run marked it");
    }

    private Http deviceOfferedABundleOf(String image) {
        assertEquals(201, http.postJson("/bundles", "{\"name\": \"nb_" + UUID.randomUUID().toString().substring(0, 8)
                + "\", \"deviceClass\": \"nbmeter\", \"projectId\": 1, \"components\": [{\"versionId\": \"" + image
                + "\"}]}").status());
        return http.withAuthorization("Bearer " + http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"nbmeter\"}").json().get("apiKey").asText());
    }

    private double metric(String name) {
        return Scrapes.value(Scrapes.scrape(http), name, Map.of());
    }

    /** The server's request threads (it runs in this JVM). */
    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("firmament-http")).count();
    }

    private Path onlyObjectHolding(byte[] content) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("binaries").resolve("objects"))) {
            List<Path> holding = files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return java.util.Arrays.equals(Files.readAllBytes(file), content);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            assertEquals(1, holding.size());
            return holding.get(0);
        }
    }
}
