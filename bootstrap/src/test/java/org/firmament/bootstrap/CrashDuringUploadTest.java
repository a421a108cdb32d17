package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.firmament.adapters.storage.S3TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server process killed ({@code kill -9}, {@link Process#destroyForcibly}) in the middle of
 * an upload, then started again: the image the upload was for has no binary, nothing partial is
 * served, and the orphan sweep at start-up removes the partial upload and a finished binary that
 * never got its row. The server runs in a JVM of its own, started from the test classpath.
 */
class CrashDuringUploadTest {

    private static final long DECLARED_BYTES = 64L * 1024 * 1024;
    /** More than one S3 part (8 MiB), so that the S3 store has begun a multipart upload. */
    private static final int SENT_BYTES = 12 * 1024 * 1024;
    private static final String BOUNDARY = "CRASHBOUNDARY";

    private Path dataDir;
    private Process process;
    private S3TestServer s3;

    @BeforeEach
    void dataDirectory() throws IOException {
        dataDir = Files.createTempDirectory("firmament-crash-test");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        if (s3 != null) {
            s3.close();
        }
        TestServers.deleteTree(dataDir);
    }

    @Test
    void killedMidUploadWithTheFileStore_nothingPartialIsKeptOrServed() throws Exception {
        Path temp = dataDir.resolve("binaries").resolve("tmp");
        crashAndRestart(Map.of(),
                () -> listFiles(temp).stream().anyMatch(file -> size(file) > 0),
                () -> Files.writeString(Files.createDirectories(dataDir.resolve("binaries").resolve("objects")
                        .resolve("aa")).resolve(orphanKey()), "finished but never recorded"),
                () -> listFiles(temp).isEmpty() && objectCount() == 1);
    }

    @Test
    void killedMidUploadWithTheS3Store_nothingPartialIsKeptOrServed() throws Exception {
        s3 = S3TestServer.start();
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(s3.endpoint())
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).region(S3TestServer.REGION).build();
        String bucket = "firmament-crash";
        crashAndRestart(StoredBinariesS3Test.s3Settings(s3, bucket),
                () -> !incompleteUploads(client, bucket).isEmpty(),
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object("objects/" + orphanKey())
                        .stream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1).build()).get(),
                () -> incompleteUploads(client, bucket).isEmpty() && objects(client, bucket).size() == 1);
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void crashAndRestart(Map<String, String> store, BooleanSupplier partialUploadInStore, Step plantOrphan,
                                 BooleanSupplier onlyTheGoodBinaryLeft) throws Exception {
        int port = S3TestServer.freePort();
        process = start(port, store);
        Http http = new Http(URI.create("http://127.0.0.1:" + port + "/"), "Bearer " + TestServers.ADMIN_TOKEN);
        awaitUp(http);

        byte[] good = "a finished upload that must survive".getBytes(StandardCharsets.US_ASCII);
        String kept = image(http, "1.0.0");
        assertEquals(200, http.postFile("image/" + kept + "/binary", "image", "good.bin", good).status());
        String crashed = image(http, "2.0.0");

        try (Socket upload = new Socket("127.0.0.1", port)) {
            OutputStream out = upload.getOutputStream();
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.bin\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /image/" + crashed + "/binary HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + TestServers.ADMIN_TOKEN
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + (head.length + DECLARED_BYTES + tail.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int sent = 0; sent < SENT_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            await("the partial upload reaches the store", partialUploadInStore);
            process.destroyForcibly().waitFor();
        }
        plantOrphan.run();

        process = start(port, withSweep(store));
        awaitUp(http);
        await("the orphan sweep at start-up leaves only the finished binary", onlyTheGoodBinaryLeft);

        assertEquals(404, http.get("image/" + crashed + "/binary").status(), "no partial binary is served");
        assertFalse(http.get("image/" + crashed).json().path("confirmed").asBoolean(false));
        Http.Response survivor = http.get("image/" + kept + "/binary");
        assertEquals(200, survivor.status());
        assertArrayEquals(good, survivor.bytes());
    }

    private static Map<String, String> withSweep(Map<String, String> store) {
        Map<String, String> settings = new HashMap<>(store);
        // Nothing else runs against this store, so whatever is there after the crash is debris.
        settings.put("FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS", "0");
        return settings;
    }

    private Process start(int port, Map<String, String> settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("FIRMAMENT_"));
        builder.environment().put("FIRMAMENT_HTTP_PORT", Integer.toString(port));
        builder.environment().put("FIRMAMENT_DATA_DIR", dataDir.toString());
        builder.environment().put("FIRMAMENT_ADMIN_TOKEN", TestServers.ADMIN_TOKEN);
        builder.environment().putAll(settings);
        return builder.start();
    }

    private void awaitUp(Http http) {
        await("the server answers", () -> {
            try {
                return http.get("health").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what + "; files: " + filesInDataDir()
                        + "; server log:\n" + serverLog());
            }
            if (!process.isAlive() && !what.startsWith("the partial")) {
                throw new AssertionError("the server exited while waiting until " + what + ":\n" + serverLog());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<String> filesInDataDir() {
        try (java.util.stream.Stream<Path> files = Files.walk(dataDir.resolve("binaries"))) {
            return files.filter(Files::isRegularFile).map(file -> dataDir.relativize(file) + " " + size(file)).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private String serverLog() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String image(Http http, String version) {
        Http.Response created = http.postJson("image", "{\"label\": \"crash\", \"fw_version\": \"" + version + "\"}");
        assertEquals(201, created.status(), new String(created.bytes(), StandardCharsets.UTF_8));
        return created.json().get("id").asText();
    }

    private static String orphanKey() {
        return "aa" + UUID.randomUUID().toString().substring(2);
    }

    private long objectCount() {
        return StoredBinariesApiContract.objectFiles(dataDir).size();
    }

    private static List<Path> listFiles(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> incompleteUploads(MinioAsyncClient client, String bucket) {
        try {
            List<String> uploads = new ArrayList<>();
            client.listMultipartUploadsAsync(bucket, S3TestServer.REGION, null, null, null, null, null, null, null, null)
                    .get().result().uploads().forEach(upload -> uploads.add(upload.objectName()));
            return uploads;
        } catch (Exception e) {
            return List.of("cannot list: " + e);
        }
    }

    private static List<String> objects(MinioAsyncClient client, String bucket) {
        List<String> names = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                    .build())) {
                names.add(result.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
