package org.firmament.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bootstrap: the server's settings. Each key may be set in {@code firmament.properties} (in the
 * working directory, or the file named by {@code FIRMAMENT_CONFIG}) and overridden by the
 * environment variable {@code FIRMAMENT_<KEY>}. Every value is checked here, so a bad setting
 * stops start-up with one line naming its key.
 */
public record FirmamentConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Storage storage,
        Optional<S3> s3,
        Optional<String> adminToken,
        long maxUploadBytes,
        Duration credentialCache) {

    /** Where binaries are kept. */
    public enum Storage { FS, S3 }

    /** The S3 settings, present when {@code STORAGE=s3}. */
    public record S3(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    }

    public static final String PROPERTIES_FILE = "firmament.properties";
    private static final String ENV_PREFIX = "FIRMAMENT_";
    private static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    private static final Set<String> KEYS = Set.of("HTTP_HOST", "HTTP_PORT", "DATA_DIR", "DB_URL", "DB_USER",
            "DB_PASSWORD", "DB_POOL_SIZE", "STORAGE", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET",
            "S3_REGION", "ADMIN_TOKEN", "MAX_UPLOAD_BYTES", "CREDENTIAL_CACHE_SECONDS");

    /** Reads the properties file (if any) and the process environment. */
    public static FirmamentConfig load() {
        Map<String, String> env = System.getenv();
        Path file = Path.of(env.getOrDefault(ENV_PREFIX + "CONFIG", PROPERTIES_FILE));
        boolean explicit = env.containsKey(ENV_PREFIX + "CONFIG");
        return from(readFile(file, explicit), env);
    }

    /** Builds the configuration from file settings (by key) overridden by environment variables. */
    public static FirmamentConfig from(Map<String, String> fileSettings, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, String> entry : fileSettings.entrySet()) {
            if (!KEYS.contains(entry.getKey())) {
                throw new ConfigException(PROPERTIES_FILE + ": unknown key " + entry.getKey()
                        + " (known keys: " + new TreeSet<>(KEYS) + ")");
            }
            values.put(entry.getKey(), entry.getValue().trim());
        }
        for (String key : KEYS) {
            String fromEnv = environment.get(ENV_PREFIX + key);
            if (fromEnv != null) {
                values.put(key, fromEnv.trim());
            }
        }
        return new Settings(values).config();
    }

    private static Map<String, String> readFile(Path file, boolean explicit) {
        if (!Files.exists(file)) {
            if (explicit) {
                throw new ConfigException("FIRMAMENT_CONFIG: file " + file + " does not exist");
            }
            return Map.of();
        }
        Properties properties = new Properties();
        try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    /** The JDBC URL of the embedded default: an H2 database file under the data directory. */
    static String embeddedDbUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("firmament")
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Validates values one key at a time; each failure names the environment variable to fix. */
    private record Settings(Map<String, String> values) {

        FirmamentConfig config() {
            Path dataDir = Path.of(text("DATA_DIR", "./data"));
            Optional<String> dbUrl = optional("DB_URL");
            dbUrl.ifPresent(url -> {
                if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                    throw fail("DB_URL", "must be a jdbc:postgresql: or jdbc:h2: URL", url);
                }
            });
            Storage storage = switch (text("STORAGE", "fs").toLowerCase(Locale.ROOT)) {
                case "fs" -> Storage.FS;
                case "s3" -> Storage.S3;
                default -> throw fail("STORAGE", "must be fs or s3", values.get("STORAGE"));
            };
            Optional<S3> s3 = storage == Storage.S3 ? Optional.of(s3()) : Optional.empty();
            Optional<String> adminToken = optional("ADMIN_TOKEN");
            adminToken.ifPresent(token -> {
                if (token.length() < MIN_ADMIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new ConfigException(ENV_PREFIX + "ADMIN_TOKEN: must be at least " + MIN_ADMIN_TOKEN_LENGTH
                            + " printable ASCII characters without spaces");
                }
            });
            return new FirmamentConfig(
                    text("HTTP_HOST", "127.0.0.1"),
                    (int) number("HTTP_PORT", 8080, 0, 65535),
                    dataDir,
                    dbUrl.orElse(embeddedDbUrl(dataDir)),
                    dbUrl.isPresent() ? text("DB_USER", "") : text("DB_USER", "sa"),
                    text("DB_PASSWORD", ""),
                    (int) number("DB_POOL_SIZE", 10, 2, 200),
                    storage,
                    s3,
                    adminToken,
                    number("MAX_UPLOAD_BYTES", 4L * 1024 * 1024 * 1024, 1, Long.MAX_VALUE),
                    // The bound on how long a key revoked on another instance keeps working here.
                    Duration.ofSeconds(number("CREDENTIAL_CACHE_SECONDS", 5, 0, 60)));
        }

        private S3 s3() {
            String endpoint = required("S3_ENDPOINT");
            try {
                URI uri = new URI(endpoint);
                if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                    throw fail("S3_ENDPOINT", "must be an http or https URL", endpoint);
                }
            } catch (URISyntaxException e) {
                throw fail("S3_ENDPOINT", "must be an http or https URL", endpoint);
            }
            String bucket = required("S3_BUCKET");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw fail("S3_BUCKET", "must be a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')",
                        bucket);
            }
            return new S3(endpoint, required("S3_ACCESS_KEY"), required("S3_SECRET_KEY"), bucket,
                    text("S3_REGION", "us-east-1"));
        }

        private String text(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        private Optional<String> optional(String key) {
            String value = values.get(key);
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        private String required(String key) {
            return optional(key).orElseThrow(() -> new ConfigException(ENV_PREFIX + key + ": is required"
                    + (key.startsWith("S3_") ? " when FIRMAMENT_STORAGE=s3" : "")));
        }

        private long number(String key, long fallback, long min, long max) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.get());
                if (parsed < min || parsed > max) {
                    throw fail(key, "must be between " + min + " and " + max, value.get());
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw fail(key, "must be a whole number", value.get());
            }
        }

        private static ConfigException fail(String key, String expectation, String actual) {
            return new ConfigException(ENV_PREFIX + key + ": " + expectation + ", got '" + actual + "'");
        }
    }
}
