package org.firmament.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Test support: the real server on a free port, configured as an operator would through the environment. */
final class TestServers {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private TestServers() {
    }

    /** Starts on {@code dataDir} with the admin token set, plus {@code settings} (environment variables). */
    static FirmamentServer start(Path dataDir, Map<String, String> settings) {
        return start(dataDir, settings, NonBlockingDownloads.STALL_LIMIT);
    }

    /** The same, cutting off a download whose connection takes nothing for {@code downloadStallLimit}. */
    static FirmamentServer start(Path dataDir, Map<String, String> settings, Duration downloadStallLimit) {
        Map<String, String> env = new HashMap<>();
        env.put("FIRMAMENT_HTTP_PORT", "0");
        env.put("FIRMAMENT_DATA_DIR", dataDir.toString());
        env.put("FIRMAMENT_ADMIN_TOKEN", ADMIN_TOKEN);
        env.putAll(settings);
        return FirmamentServer.start(FirmamentConfig.from(Map.of(), env), true, downloadStallLimit);
    }

    static Http client(FirmamentServer server) {
        return new Http(server.baseUri(), "Bearer " + ADMIN_TOKEN);
    }

    /** Deletes {@code directory} and everything under it, if it exists. */
    static void deleteTree(Path directory) {
        if (directory == null || !java.nio.file.Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many files lie under {@code directory} (a file-system store's binaries, finished or in progress). */
    static long filesUnder(Path directory) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
            return files.filter(java.nio.file.Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
