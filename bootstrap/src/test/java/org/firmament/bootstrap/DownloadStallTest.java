package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stall limit of downloads ({@link NonBlockingDownloads}), two seconds here instead of minutes: a
 * client that stops reading is cut off once its connection has taken nothing for the limit, and
 * leaves nothing behind; a slow client that keeps reading is never cut off. Both for a body
 * streamed (a binary this instance has not yet read whole and hashed) and one sent zero-copy.
 */
class DownloadStallTest extends RunningServerTest {

    private static final Duration STALL_LIMIT = Duration.ofSeconds(2);
    /** More than the loopback's socket buffers take at once (about 3.5 MiB with the clients' small window). */
    private static final int STALLED_SIZE = 8 * 1024 * 1024;
    /**
     * A slow client's pace: the kernel gives the server room again about every 1.1 MiB the client
     * reads, so at this pace the server's writes go on every half second (well within the limit),
     * and the download takes several limits.
     */
    private static final long SLOW_BYTES_PER_SECOND = 2 * 1024 * 1024;
    private static final int SLOW_SIZE = 16 * 1024 * 1024;

    @Override
    Duration downloadStallLimit() {
        return STALL_LIMIT;
    }

    @Test
    void aClientThatStopsReadingIsCutOffOnceItsConnectionTookNothingForTheLimit() throws Exception {
        byte[] content = TestImages.random(STALLED_SIZE);
        String path = "/image/" + TestImages.withBinary(http, content) + "/binary";

        assertCutOff(path, content.length, "streamed while hashed");
        assertArrayEquals(content, http.get(path).bytes(), "read whole once: this version may now go as it is");
        assertCutOff(path, content.length, "sent zero-copy");
    }

    @Test
    void aSlowClientThatKeepsReadingIsNeverCutOff() throws Exception {
        byte[] content = TestImages.random(SLOW_SIZE);
        String path = "/image/" + TestImages.withBinary(http, content) + "/binary";

        for (String way : List.of("streamed while hashed", "sent zero-copy")) {
            List<ILoggingEvent> logged = LogCapture.during(NonBlockingDownloads.class, () -> {
                CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return DownloadClients.readAtRate(server, path, SLOW_BYTES_PER_SECOND);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
                Thread.sleep(STALL_LIMIT.multipliedBy(5).dividedBy(2).toMillis());
                assertEquals(1, Scrapes.value(Scrapes.scrape(http), DownloadClients.IN_FLIGHT, Map.of()),
                        way + ": still sending after two looks at its progress");
                assertArrayEquals(content, DownloadClients.body(answer.get(60, TimeUnit.SECONDS)), way);
            });
            assertTrue(logged.stream().noneMatch(event -> event.getFormattedMessage().contains("took nothing")),
                    way + ": " + logged);
            DownloadClients.awaitInFlight(http, 0);
        }
    }

    /**
     * A client that reads the first bytes and then nothing is disconnected between one and two
     * limits later: the gauge back to 0, the file closed, no thread still at it, one INFO line.
     */
    private void assertCutOff(String path, int length, String way) throws Exception {
        long started = System.nanoTime();
        List<ILoggingEvent> logged = LogCapture.during(NonBlockingDownloads.class, () -> {
            try (Socket stalled = DownloadClients.stalled(server, path)) {
                DownloadClients.awaitInFlight(http, 1);
                assertTrue(DownloadClients.openBinaryFiles(dataDir) > 0, way + ": the download holds its file open");

                DownloadClients.awaitInFlight(http, 0, STALL_LIMIT.multipliedBy(2).plusSeconds(10));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(took.compareTo(STALL_LIMIT) >= 0, way + ": cut off after " + took);
                DownloadClients.awaitNoOpenBinaryFiles(dataDir);
                long received = drained(stalled);
                assertTrue(received < length, way + ": the connection was closed after " + received + " bytes");
            }
            awaitNoThreadSending();
        });
        assertTrue(logged.stream().noneMatch(event -> event.getThrowableProxy() != null), way + ": " + logged);
        assertTrue(logged.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN)), way + ": " + logged);
        assertEquals(1, logged.stream().filter(event -> event.getLevel() == Level.INFO
                && event.getLoggerName().equals(NonBlockingDownloads.class.getName())
                && event.getFormattedMessage().contains("took nothing for 2.0 s")).count(), way + ": " + logged);
    }

    /** What a client still receives after it went back to reading: what the socket buffers held, then the end. */
    private static long drained(Socket socket) {
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received += read;
            }
        } catch (IOException reset) {
            // A connection closed with bytes unsent may end in a reset: closed all the same.
        }
        return received;
    }

    /** No thread of the server is left inside a download's sending code (a thread blocked there would show). */
    private static void awaitNoThreadSending() throws InterruptedException {
        String sending = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            sending = Thread.getAllStackTraces().entrySet().stream()
                    .filter(thread -> List.of(thread.getValue()).stream()
                            .anyMatch(frame -> frame.getClassName().startsWith(NonBlockingDownloads.class.getName())))
                    .map(thread -> thread.getKey().getName())
                    .findFirst().orElse(null);
            if (sending == null) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("thread " + sending + " is still sending a download");
    }
}
