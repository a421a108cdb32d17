package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the server (SIGTERM runs the same {@link FirmamentServer#close()} through the shutdown
 * hook of {@link Main}): requests in flight finish within {@code SHUTDOWN_GRACE_SECONDS}, new
 * connections are refused at once, and a request cut off when the grace ends leaves nothing
 * half-written.
 */
class ShutdownTest {

    /** Larger than what the loopback's socket buffers hold, so a slow reader keeps the download running. */
    private static final int SIZE = 16 * 1024 * 1024;
    /** Sent in reads of at most 16 KiB with a pause after each: a few seconds in all. */
    private static final int UPLOAD_SIZE = 2 * 1024 * 1024;

    @TempDir
    Path dataDir;

    private FirmamentServer server;
    private Process process;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void aSlowDownloadAndASlowUploadInFlightFinishAndNewConnectionsAreRefused() throws Exception {
        server = TestServers.start(dataDir, Map.of("FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "20"));
        Http http = TestServers.client(server);
        String downloaded = imageWithBinary(http, "download");
        String uploaded = image(http, "upload");
        long filesBefore = TestServers.filesUnder(dataDir.resolve("binaries"));

        HttpResponse<InputStream> download = http.stream("image/" + downloaded + "/binary");
        assertEquals(200, download.statusCode());
        CountDownLatch uploadStarted = new CountDownLatch(1);
        CompletableFuture<Http.Response> upload = CompletableFuture.supplyAsync(() -> http.postFile(
                "image/" + uploaded + "/binary", "image", "slow.bin",
                () -> new SlowStream(UPLOAD_SIZE, uploadStarted, 16 * 1024, Duration.ofMillis(20))));
        assertTrue(uploadStarted.await(10, TimeUnit.SECONDS));
        awaitFiles(filesBefore + 1, "the upload reaches the store");

        FirmamentServer stopping = server;
        server = null;
        CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
        awaitRefused(stopping.baseUri());

        byte[] body = readSlowly(download.body());
        assertArrayEquals(generated(SIZE), body, "the download in flight got every byte");
        Http.Response uploadAnswer = upload.get(30, TimeUnit.SECONDS);
        assertEquals(200, uploadAnswer.status(), new String(uploadAnswer.bytes(), StandardCharsets.UTF_8));
        closed.get(30, TimeUnit.SECONDS);

        server = TestServers.start(dataDir, Map.of());
        Http restarted = TestServers.client(server);
        assertTrue(restarted.get("image/" + uploaded).json().get("confirmed").asBoolean());
        assertArrayEquals(generated(UPLOAD_SIZE), restarted.get("image/" + uploaded + "/binary").bytes(),
                "the upload in flight was kept whole");
    }

    @Test
    void anIdleServerStopsWithoutWaitingOutTheGrace() {
        server = TestServers.start(dataDir, Map.of("FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "20"));
        Http http = TestServers.client(server);
        assertEquals(200, http.get("image").status());
        assertEquals(201, http.postJson("image", "{\"label\":\"idle\",\"fw_version\":\"1.0.0\"}").status());

        long start = System.nanoTime();
        server.close();
        server = null;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "close took " + took);
    }

    @Test
    void anUploadStillRunningWhenTheGraceEndsIsCutOffAndLeavesNothingBehind() throws Exception {
        server = TestServers.start(dataDir, Map.of("FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "1"));
        Http http = TestServers.client(server);
        String id = image(http, "stalled");
        long filesBefore = TestServers.filesUnder(dataDir.resolve("binaries"));
        CountDownLatch uploadStarted = new CountDownLatch(1);
        CompletableFuture<Http.Response> upload = CompletableFuture.supplyAsync(() -> http.postFile(
                "image/" + id + "/binary", "image", "stalled.bin",
                () -> new SlowStream(SIZE, uploadStarted, 64 * 1024, Duration.ofSeconds(60))));
        assertTrue(uploadStarted.await(10, TimeUnit.SECONDS));

        long start = System.nanoTime();
        server.close();
        server = null;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "close took " + took);
        assertThrows(Exception.class, () -> upload.get(30, TimeUnit.SECONDS), "the upload was cut off");

        server = TestServers.start(dataDir, Map.of());
        Http restarted = TestServers.client(server);
        assertFalse(restarted.get("image/" + id).json().get("confirmed").asBoolean(), "no binary was attached");
        awaitFiles(filesBefore, "no partial binary is left");
    }

    /**
     * A client (a load balancer's pooled connection) that sends its next request on a connection it
     * opened before the server began to stop gets a 503 in the format of the surface it asked, and
     * the connection closes, so that its retry opens a new connection: to another instance.
     */
    @Test
    void aRequestOnAnOpenConnectionDuringTheGraceIsA503InItsSurfacesFormatAndTheConnectionCloses() throws Exception {
        server = TestServers.start(dataDir, Map.of("FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "20"));
        Http http = TestServers.client(server);
        String downloaded = imageWithBinary(http, "keepalive");
        URI base = server.baseUri();
        try (Socket management = new Socket(base.getHost(), base.getPort());
             Socket imageManager = new Socket(base.getHost(), base.getPort());
             Socket healthCheck = new Socket(base.getHost(), base.getPort());
             Socket stalled = DownloadClients.stalled(server, "/image/" + downloaded + "/binary")) {
            assertEquals(200, RawExchange.send(management, "GET", "/api/management/v1/projects").status());
            assertEquals(200, RawExchange.send(imageManager, "GET", "/image").status());
            assertEquals(200, RawExchange.send(healthCheck, "GET", "/health").status());

            FirmamentServer stopping = server;
            server = null;
            CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
            awaitRefused(base);
            // Grizzly unbinds the listener first and tells its HTTP filter a moment later, on
            // another thread: until then a request on an open connection is still served.
            awaitStoppingAnswer(management, "GET", "/api/management/v1/projects", "application/problem+json",
                    "detail");
            assertStoppingAnswer(imageManager, "POST", "/image", "application/json", "message");
            // A path no surface owns (a balancer's health check) gets the plain {message,status} body.
            assertStoppingAnswer(healthCheck, "GET", "/health", "application/json", "message");

            stalled.close();
            closed.get(30, TimeUnit.SECONDS);
        }
    }

    /** As {@link #assertStoppingAnswer}, after the served answers (200) of the moment before the server stops answering. */
    private static void awaitStoppingAnswer(Socket connection, String method, String path, String mediaType,
                                            String field) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RawExchange answer = RawExchange.send(connection, method, path);
        while (answer.status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            answer = RawExchange.send(connection, method, path);
        }
        assertStoppingAnswer(connection, answer, path, mediaType, field);
    }

    /** A 503 of the given type whose JSON body names its status and has {@code field}, then the connection closes. */
    private static void assertStoppingAnswer(Socket connection, String method, String path, String mediaType,
                                             String field) throws IOException {
        assertStoppingAnswer(connection, RawExchange.send(connection, method, path), path, mediaType, field);
    }

    private static void assertStoppingAnswer(Socket connection, RawExchange answer, String path, String mediaType,
                                             String field) throws IOException {
        assertEquals(503, answer.status(), answer.toString());
        // Grizzly writes the body through a writer, which always names the charset.
        assertEquals(mediaType + ";charset=UTF-8", answer.header("Content-Type"), answer.toString());
        JsonNode body = Http.JSON.readTree(answer.body());
        assertEquals(503, body.get("status").asInt(), answer.toString());
        assertTrue(body.hasNonNull(field), answer.toString());
        assertEquals("close", answer.header("Connection"), answer.toString());
        assertTrue(RawExchange.closedByServer(connection), path + ": the connection is closed after the answer");
    }

    /** The real thing: a separate JVM running {@link Main}, sent SIGTERM while a download is in flight. */
    @Test
    void sigtermLetsTheDownloadInFlightFinishThenTheProcessExits() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(Map.of("FIRMAMENT_HTTP_PORT", String.valueOf(port),
                "FIRMAMENT_DATA_DIR", dataDir.toString(), "FIRMAMENT_ADMIN_TOKEN", TestServers.ADMIN_TOKEN,
                "FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "20"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile());
        builder.environment().putAll(env);
        process = builder.start();
        Http http = new Http(URI.create("http://127.0.0.1:" + port + "/"), "Bearer " + TestServers.ADMIN_TOKEN);
        awaitListening(http);
        String id = imageWithBinary(http, "sigterm");

        HttpResponse<InputStream> download = http.stream("image/" + id + "/binary");
        assertEquals(200, download.statusCode());
        process.destroy();

        assertArrayEquals(generated(SIZE), readSlowly(download.body()), "the download in flight got every byte");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process exits");
        assertEquals(143, process.exitValue(), "terminated by SIGTERM, after its shutdown hook ran");
        String log = Files.readString(dataDir.resolve("server.log"));
        assertFalse(log.contains("ERROR"), log);
    }

    private static String image(Http http, String label) {
        Http.Response created = http.postJson("image", "{\"label\":\"" + label + "\",\"fw_version\":\"1.0.0\"}");
        assertEquals(201, created.status());
        return created.json().get("id").asText();
    }

    private static String imageWithBinary(Http http, String label) {
        String id = image(http, label);
        assertEquals(200, http.postFile("image/" + id + "/binary", "image", label + ".bin", generated(SIZE)).status());
        return id;
    }

    static byte[] generated(int size) {
        try {
            return new ImageManagerApiContract.GeneratedStream(size).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads as a slow device would, so the download is still running while the server stops. */
    private static byte[] readSlowly(InputStream body) throws IOException, InterruptedException {
        try (InputStream in = body) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                Thread.sleep(2);
            }
            return out.toByteArray();
        }
    }

    private static void awaitRefused(URI base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                throw new UncheckedIOException(other);
            }
        }
        throw new AssertionError("new connections are still accepted while the server stops");
    }

    private void awaitFiles(long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (TestServers.filesUnder(dataDir.resolve("binaries")) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, TestServers.filesUnder(dataDir.resolve("binaries")), what);
    }

    private static void awaitListening(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.get("health/live").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the server process did not start listening");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The generated bytes, sent a chunk at a time with a pause between, announcing the first chunk. */
    private static final class SlowStream extends InputStream {

        private final InputStream content;
        private final CountDownLatch started;
        private final int chunk;
        private final Duration pause;

        SlowStream(int size, CountDownLatch started, int chunk, Duration pause) {
            this.content = new ImageManagerApiContract.GeneratedStream(size);
            this.started = started;
            this.chunk = chunk;
            this.pause = pause;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (started.getCount() == 0) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            int read = content.read(b, off, Math.min(len, chunk));
            started.countDown();
            return read;
        }
    }
}
