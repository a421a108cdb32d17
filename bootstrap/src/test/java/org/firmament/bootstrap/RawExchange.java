package org.firmament.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Test support: one HTTP/1.1 request and its answer on a connection the test keeps open (a
 * keep-alive connection, as a load balancer pools them), which {@link Http} does not expose.
 * The answer must carry a {@code Content-Length}.
 */
record RawExchange(int status, Map<String, String> headers, byte[] body) {

    /** Sends a request without a body with the admin token, and reads its answer. */
    static RawExchange send(Socket socket, String method, String path) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestServers.ADMIN_TOKEN + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new RawExchange(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    /** Whether the server closed the connection (rather than keeping it for the next request). */
    static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("the connection closed before an answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
