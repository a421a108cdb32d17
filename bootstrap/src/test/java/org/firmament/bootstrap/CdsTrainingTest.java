package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build's training run (behind the class-data archive): every request it sends is answered. */
class CdsTrainingTest {

    @Test
    void theTrainingRun_startsServesItsRequestsAndStops() throws IOException {
        Path dataDir = Files.createTempDirectory("firmament-cds-test");
        try {
            assertDoesNotThrow(() -> CdsTraining.train(dataDir));
        } finally {
            TestServers.deleteTree(dataDir);
        }
    }
}
