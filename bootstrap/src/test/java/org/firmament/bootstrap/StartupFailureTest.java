package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A start that fails, run as an operator runs it ({@link Main} in its own JVM): the database starts
 * on its own thread while the rest is built, and its failure still ends the process with the one
 * line naming the cause and the exit status of a failed start.
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
