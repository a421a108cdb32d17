package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slow clients must not starve others: with 200 downloads in flight whose clients have stopped
 * reading (each holds a full write queue, and no thread), device check-ins and a management
 * request still answer quickly. A scaled-down bench/slow-clients.sh (1,000 downloads at 16 KB/s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsTest extends RunningServerTest {

    private static final int SLOW_DOWNLOADS = 200;
    private static final int BINARY_BYTES = 8 * 1024 * 1024;

    @Test
    void checkInsAnswerQuicklyWhileTwoHundredDownloadsAreStalled() throws Exception {
        byte[] firmware = new byte[BINARY_BYTES];
        new Random(7).nextBytes(firmware);
        String image = http.postJson("/image/", "{\"label\": \"slow_type\", \"fw_version\": \"1.0.0\"}")
                .json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + image + "/binary", "image", "fw.bin", firmware).status());
        assertEquals(201, http.postJson("/bundles", "{\"name\": \"slow_bundle\", \"deviceClass\": \"meter\", "
                + "\"projectId\": 1, \"components\": [{\"versionId\": \"" + image + "\"}]}").status());
        Http device = http.withAuthorization("Bearer " + http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"meter\"}").json().get("apiKey").asText());

        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_DOWNLOADS; i++) {
                stalled.add(DownloadClients.stalled(server, "/image/" + image + "/binary"));
            }
            DownloadClients.awaitInFlight(http, SLOW_DOWNLOADS);

            long[] checkIns = new long[100];
            for (int i = 0; i < checkIns.length; i++) {
                long started = System.nanoTime();
                Http.Response answer = device.get("/bundles");
                checkIns[i] = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, answer.status());
            }
            long started = System.nanoTime();
            assertEquals(200, http.get("/api/management/v1/projects/1/devices").status());
            long management = (System.nanoTime() - started) / 1_000_000;

            Arrays.sort(checkIns);
            // Generous bounds for a busy CI machine; stalled requests would take the read timeout.
            assertTrue(checkIns[98] < 1_000, "check-in p99 " + checkIns[98] + " ms");
            assertTrue(management < 5_000, "a request on the worker pool took " + management + " ms");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
