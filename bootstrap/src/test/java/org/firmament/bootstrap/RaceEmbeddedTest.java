package org.firmament.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The races on the embedded default: one server on H2 and the file-system store. */
class RaceEmbeddedTest extends RaceContract {

    private Path dataDir;
    private FirmamentServer server;
    private List<Http> clients;

    @BeforeAll
    void oneServer() throws IOException {
        dataDir = Files.createTempDirectory("firmament-race");
        server = TestServers.start(dataDir, Map.of());
        clients = List.of(TestServers.client(server));
    }

    @AfterAll
    void stop() {
        server.close();
        TestServers.deleteTree(dataDir);
    }

    @Override
    List<Http> instances() {
        return clients;
    }
}
