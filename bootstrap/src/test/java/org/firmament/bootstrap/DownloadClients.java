package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test support: downloads as devices on poor links run them, over a plain socket with a small
 * receive window (so the server's writes soon wait on the client), and the gauge of downloads in
 * flight they are counted in.
 */
final class DownloadClients {

    static final String IN_FLIGHT = "firmament_downloads_in_flight";
    private static final int RECEIVE_BUFFER_BYTES = 8 * 1024;

    private DownloadClients() {
    }

    /** Asks for the download, reads its first bytes, then stops reading; the small window keeps it stalled. */
    static Socket stalled(FirmamentServer server, String path) throws IOException {
        Socket socket = requested(server, path);
        InputStream in = socket.getInputStream();
        byte[] first = new byte[4096];
        int read = in.read(first);
        assertTrue(read > 0 && new String(first, 0, read, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        return socket;
    }

    /**
     * The whole answer (status line, headers and body) to a download read at about
     * {@code bytesPerSecond}, as a slow client that never stops reading: each read waits until the
     * bytes so far are due, so a busy machine's late wake-ups do not slow it further. The server
     * closes the connection after the answer ({@code Connection: close}).
     */
    static byte[] readAtRate(FirmamentServer server, String path, long bytesPerSecond) throws Exception {
        try (Socket socket = requested(server, path)) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[RECEIVE_BUFFER_BYTES];
            long started = System.nanoTime();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
                long dueNanos = answer.size() * 1_000_000_000L / bytesPerSecond;
                long aheadMillis = (dueNanos - (System.nanoTime() - started)) / 1_000_000;
                if (aheadMillis > 0) {
                    Thread.sleep(aheadMillis);
                }
            }
            return answer.toByteArray();
        }
    }

    /** The body of a whole answer {@link #readSlowly} returned. */
    static byte[] body(byte[] answer) {
        String head = new String(answer, 0, Math.min(answer.length, 4096), StandardCharsets.ISO_8859_1);
        int bodyStart = head.indexOf("\r\n\r\n") + 4;
        assertTrue(bodyStart > 4, "no end of the headers in " + head);
        return java.util.Arrays.copyOfRange(answer, bodyStart, answer.length);
    }

    /** Waits (up to {@code within}) for the gauge of downloads in flight to show {@code wanted}. */
    static void awaitInFlight(Http http, int wanted, Duration within) {
        String scraped = Scrapes.until(http, text -> Scrapes.value(text, IN_FLIGHT, Map.of()) == wanted, within);
        assertEquals(wanted, Scrapes.value(scraped, IN_FLIGHT, Map.of()), "downloads in flight");
    }

    static void awaitInFlight(Http http, int wanted) {
        awaitInFlight(http, wanted, Duration.ofSeconds(10));
    }

    /** Descriptors this JVM (the server runs in it) holds open on the binaries under {@code dataDir} (Linux' /proc). */
    static long openBinaryFiles(Path dataDir) throws IOException {
        Path binaries = dataDir.toRealPath().resolve("binaries");
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(binaries);
                } catch (IOException | UnsupportedOperationException gone) {
                    return false;
                }
            }).count();
        }
    }

    static void awaitNoOpenBinaryFiles(Path dataDir) throws Exception {
        long open = -1;
        for (int attempt = 0; attempt < 100; attempt++) {
            open = openBinaryFiles(dataDir);
            if (open == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(open + " binary file(s) still open");
    }

    private static Socket requested(FirmamentServer server, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(server.baseUri().getHost(), server.baseUri().getPort()));
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestServers.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }
}
