package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                stalled.add(startStalledDownload("/image/" + image + "/binary"));
            }
            waitForDownloadsInFlight(SLOW_DOWNLOADS);

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

    /** Asks for the download, reads its first bytes, then stops reading; a small window keeps it slow. */
    private Socket startStalledDownload(String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(server.baseUri().getHost(), server.baseUri().getPort()));
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestServers.ADMIN_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        byte[] first = new byte[4096];
        int read = in.read(first);
        assertTrue(read > 0 && new String(first, 0, read, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        return socket;
    }

    private void waitForDownloadsInFlight(int wanted) throws InterruptedException {
        Pattern gauge = Pattern.compile("(?m)^firmament_downloads_in_flight(?:\\{[^}]*})? ([0-9.]+)");
        double inFlight = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            Matcher matcher = gauge.matcher(new String(http.get("/metrics").bytes(), StandardCharsets.UTF_8));
            inFlight = matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
            if (inFlight >= wanted) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("downloads in flight: " + inFlight + ", wanted " + wanted);
    }
}
