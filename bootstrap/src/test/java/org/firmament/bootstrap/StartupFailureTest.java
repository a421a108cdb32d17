package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A start that fails, run as an operator runs it ({@link Main} in its own JVM): the database starts
 * on its own thread while the rest is built, and a failure on either thread still ends the process
 * with the one line naming the cause and the exit status of a failed start.
 */
class StartupFailureTest {

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("firmament-startup-failure");
    }

    @AfterEach
    void deleteDataDir() {
        TestServers.deleteTree(dataDir);
    }

    @Test
    void aDatabaseUrlOfNoKnownKind_isAConfigurationErrorWithStatus2() throws Exception {
        Result result = runMain(Map.of("FIRMAMENT_DB_URL", "jdbc:mysql://localhost/firmament"));

        assertEquals(2, result.status(), result.output());
        assertEquals(List.of("firmament: configuration error: FIRMAMENT_DB_URL: must be a jdbc:postgresql: or "
                + "jdbc:h2: URL, got 'jdbc:mysql://localhost/firmament'"), result.lines());
    }

    @Test
    void anUnreachableDatabase_stopsTheStartWithOneLineAndStatus1() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/firmament";

        Result result = runMain(Map.of("FIRMAMENT_DB_URL", url, "FIRMAMENT_DB_CONNECTION_TIMEOUT_SECONDS", "1"));

        assertEquals(1, result.status(), result.output());
        assertEquals(List.of("firmament: cannot start: The database cannot be reached at " + url), result.lines());
    }

    /** The binary store is built on the main thread while the database starts on its own. */
    @Test
    void aBinaryStoreThatCannotBeCreatedWhileTheDatabaseStarts_stopsTheStartWithOneLineAndStatus1() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("binaries"), "a file where the store's directory goes");

        Result result = runMain(Map.of());

        assertEquals(1, result.status(), result.output());
        assertEquals(List.of("firmament: cannot start: cannot create the binary store under "
                + notADirectory.toAbsolutePath().normalize()), result.lines());
    }

    @Test
    void aDataDirectoryThatCannotBeCreated_stopsTheStartWithOneLineAndStatus1() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("data"), "a file where the data directory goes");

        Result result = runMain(Map.of("FIRMAMENT_DATA_DIR", notADirectory.toString()));

        assertEquals(1, result.status(), result.output());
        assertEquals(List.of("firmament: cannot start: cannot create the data directory "
                + notADirectory.toAbsolutePath().normalize()), result.lines());
    }

    @Test
    void aFailureWhileTheDatabaseStarts_closesTheDatabaseOnceStartedAndLeavesNoThreadBehind() throws Exception {
        Files.writeString(dataDir.resolve("binaries"), "a file where the store's directory goes");
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_HTTP_PORT", "0",
                "FIRMAMENT_DATA_DIR", dataDir.toString(), "FIRMAMENT_ADMIN_TOKEN", TestServers.ADMIN_TOKEN));

        assertThrows(UncheckedIOException.class, () -> FirmamentServer.start(config));

        // The database's start is waited for and closed; a pool's helper threads end a moment after.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = startedSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = startedSince(before);
        }
        assertEquals(List.of(), left);
    }

    /** Threads of the server's own (its database, pool, store, timers) started since {@code before} and alive. */
    private static List<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> name.startsWith("firmament") || name.startsWith("MVStore") || name.startsWith("H2"))
                .sorted()
                .toList();
    }

    private record Result(int status, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Result runMain(Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dataDir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("FIRMAMENT_"));
        builder.environment().putAll(Map.of("FIRMAMENT_HTTP_PORT", "0", "FIRMAMENT_DATA_DIR", dataDir.toString(),
                "FIRMAMENT_ADMIN_TOKEN", TestServers.ADMIN_TOKEN));
        builder.environment().putAll(settings);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new Result(process.exitValue(), output);
    }
}
