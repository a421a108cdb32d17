package org.firmament.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Test support: one real server per test class, on the embedded default in a data directory
 * that does not exist yet (as at a first start from a fresh clone), and a client holding the
 * admin token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunningServerTest {

    FirmamentServer server;
    Http http;
    Path dataDir;
    private Path tempDir;

    /** Settings (environment variables) beyond port, data directory and admin token. */
    Map<String, String> settings() {
        return Map.of();
    }

    /** How long a download may take nothing before it is cut off; the server's own limit unless a test needs it short. */
    Duration downloadStallLimit() {
        return NonBlockingDownloads.STALL_LIMIT;
    }

    @BeforeAll
    final void startServer() throws IOException {
        tempDir = Files.createTempDirectory("firmament-test");
        dataDir = tempDir.resolve("data");
        server = TestServers.start(dataDir, settings(), downloadStallLimit());
        http = TestServers.client(server);
    }

    @AfterAll
    final void stopServer() {
        server.close();
        TestServers.deleteTree(tempDir);
    }
}
