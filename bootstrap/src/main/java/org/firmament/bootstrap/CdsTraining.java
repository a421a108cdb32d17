package org.firmament.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bootstrap: the training run behind the class-data archive the build writes next to the jar. The
 * build runs it with {@code -XX:ArchiveClassesAtExit}: it starts the server on the embedded default in
 * a throw-away directory, sends the requests every start and the usual first requests make, stops,
 * and the JVM archives every class that was loaded. The launcher starts the server with that archive,
 * which spares it loading and verifying those classes again.
 */
public final class CdsTraining {

    static final String ADMIN_TOKEN = "cds-training-token-0123456789";
    private static final Pattern API_KEY = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Main.routeJavaUtilLogging();
        Path dataDir = Files.createTempDirectory("firmament-cds");
        try {
            train(dataDir);
        } finally {
            deleteTree(dataDir);
        }
        System.exit(0);
    }

    /** Starts a server on {@code dataDir}, sends it the training requests and stops it again. */
    static void train(Path dataDir) {
        FirmamentServer server = FirmamentServer.start(FirmamentConfig.from(Map.of(), Map.of(
                "FIRMAMENT_HTTP_PORT", "0",
                "FIRMAMENT_DATA_DIR", dataDir.toString(),
                "FIRMAMENT_ADMIN_TOKEN", ADMIN_TOKEN,
                "FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "0")));
        try {
            URI base = server.baseUri();
            String admin = "Bearer " + ADMIN_TOKEN;
            send(base, "GET", "health", null, null);
            send(base, "GET", "health/live", null, null);
            send(base, "GET", "metrics", null, null);
            send(base, "GET", "openapi.json", null, null);
            send(base, "POST", "image/", admin, "{\"label\": \"cds\", \"fw_version\": \"1.0.0\"}");
            send(base, "GET", "image/", admin, null);
            send(base, "GET", "api/management/v1/projects", admin, null);
            String device = send(base, "POST", "api/management/v1/projects/1/devices", admin,
                    "{\"deviceClass\": \"esp32\"}");
            Matcher key = API_KEY.matcher(device);
            if (!key.find()) {
                throw new IllegalStateException("no apiKey in " + device);
            }
            send(base, "GET", "bundles", "Bearer " + key.group(1), null);
            send(base, "GET", "api/devices/v1/updates", "Bearer " + key.group(1), null);
        } finally {
            server.close();
        }
    }

    /** One request; its body, or an exception when it is not answered with a 2xx. */
    private static String send(URI base, String method, String path, String authorization, String json) {
        try {
            HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            connection.setRequestMethod(method);
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            if (json != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IllegalStateException(method + " /" + path + " answered " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " /" + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
