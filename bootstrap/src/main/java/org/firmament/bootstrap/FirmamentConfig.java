package org.firmament.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.firmament.adapters.rest.auth.JwtAlgorithm;
import org.firmament.adapters.rest.auth.JwtKeys;
import org.firmament.adapters.rest.auth.JwtSettings;
import org.firmament.adapters.rest.auth.JwtUserTokenVerifier;
import org.firmament.adapters.rest.common.BinaryResponse.DownloadMode;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.application.port.out.UserTokenVerifier;

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
        Duration dbConnectionTimeout,
        Duration dbSocketTimeout,
        Storage storage,
        Optional<S3> s3,
        Optional<String> adminToken,
        Optional<String> metricsToken,
        long maxUploadBytes,
        Duration credentialCache,
        Duration checkInCache,
        Duration lastSeenFlush,
        Duration shutdownGrace,
        Optional<JwtSettings> jwt,
        Optional<URI> publicUrl,
        Duration downloadUrlLifetime,
        Optional<String> downloadSigningKey,
        DownloadMode downloadMode,
        Duration devicePoll,
        Duration orphanSweepMinAge,
        Duration orphanSweepInterval,
        Duration verifyInterval) {

    /** Where binaries are kept. */
    public enum Storage { FS, S3 }

    /** The S3 settings, present when {@code STORAGE=s3}; {@code publicEndpoint} is where devices reach the store. */
    public record S3(String endpoint, String accessKey, String secretKey, String bucket, String region,
                     Optional<String> publicEndpoint, Duration connectTimeout, Duration readTimeout) {
    }

    public static final String PROPERTIES_FILE = "firmament.properties";
    /** Uploads larger than this (4 GiB) are refused with 413 unless {@code MAX_UPLOAD_BYTES} says otherwise. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 4L * 1024 * 1024 * 1024;
    private static final String ENV_PREFIX = "FIRMAMENT_";
    private static final int MIN_TOKEN_LENGTH = 16;
    /** A PEM key or a provider's JWK set is a few KiB; a larger file is almost surely the wrong one. */
    private static final long MAX_KEY_FILE_BYTES = 1024 * 1024;
    /** Where user tokens' keys come from; at most one may be set. */
    private static final List<String> JWT_KEY_SOURCES = List.of("JWT_SECRET", "JWT_PUBLIC_KEY_FILE", "JWT_JWKS_FILE");
    /** Settings that refine JWT verification, so they mean nothing without a key source. */
    private static final List<String> JWT_REFINEMENTS = List.of("JWT_ALGORITHM", "JWT_ISSUER", "JWT_AUDIENCE",
            "JWT_CLOCK_SKEW_SECONDS");
    private static final Set<String> KEYS = Set.of("HTTP_HOST", "HTTP_PORT", "DATA_DIR", "DB_URL", "DB_USER",
            "DB_PASSWORD", "DB_POOL_SIZE", "STORAGE", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET",
            "S3_REGION", "ADMIN_TOKEN", "METRICS_TOKEN", "MAX_UPLOAD_BYTES", "CREDENTIAL_CACHE_SECONDS",
            "CHECK_IN_CACHE_SECONDS", "LAST_SEEN_FLUSH_SECONDS", "JWT_SECRET",
            "DB_CONNECTION_TIMEOUT_SECONDS", "DB_SOCKET_TIMEOUT_SECONDS", "S3_CONNECT_TIMEOUT_SECONDS",
            "S3_READ_TIMEOUT_SECONDS", "SHUTDOWN_GRACE_SECONDS",
            "JWT_PUBLIC_KEY_FILE", "JWT_JWKS_FILE", "JWT_ALGORITHM", "JWT_ISSUER", "JWT_AUDIENCE",
            "JWT_CLOCK_SKEW_SECONDS", "PUBLIC_URL", "DOWNLOAD_URL_SECONDS", "DOWNLOAD_SIGNING_KEY", "DOWNLOAD_MODE",
            "S3_PUBLIC_ENDPOINT", "DEVICE_POLL_SECONDS",
            "ORPHAN_SWEEP_MIN_AGE_SECONDS",
            "ORPHAN_SWEEP_INTERVAL_MINUTES", "VERIFY_INTERVAL_HOURS");
    private static final long DEFAULT_DOWNLOAD_URL_SECONDS = 3600;

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

    /**
     * The verifier of users' tokens from an external identity provider: JWT verification with the
     * configured key when one of {@code JWT_SECRET}, {@code JWT_PUBLIC_KEY_FILE} or {@code
     * JWT_JWKS_FILE} is set, else {@link UserTokenVerifier#NONE}, which accepts no token. Builds a
     * new verifier on each call; the composition root calls it once.
     */
    public UserTokenVerifier userTokenVerifier() {
        return jwt.<UserTokenVerifier>map(JwtUserTokenVerifier::new).orElse(UserTokenVerifier.NONE);
    }

    /**
     * The JDBC URL of the embedded default: an H2 database file under the data directory. H2 writes
     * commits to its file up to a second later by default, so a killed process would lose uploads
     * it had already answered 200; {@code WRITE_DELAY=0} hands each commit to the operating system
     * before the commit returns (CrashDuringUploadTest caught it).
     */
    static String embeddedDbUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("firmament")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
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
            if (storage != Storage.S3 && optional("S3_PUBLIC_ENDPOINT").isPresent()) {
                throw new ConfigException(ENV_PREFIX + "S3_PUBLIC_ENDPOINT: has no effect without FIRMAMENT_STORAGE=s3");
            }
            Optional<String> adminToken = token("ADMIN_TOKEN");
            Optional<String> metricsToken = token("METRICS_TOKEN");
            if (metricsToken.isPresent() && metricsToken.equals(adminToken)) {
                throw new ConfigException(ENV_PREFIX + "METRICS_TOKEN: must differ from FIRMAMENT_ADMIN_TOKEN "
                        + "(a scraper's token must not also be the admin's)");
            }
            return new FirmamentConfig(
                    text("HTTP_HOST", "127.0.0.1"),
                    (int) number("HTTP_PORT", 8080, 0, 65535),
                    dataDir,
                    dbUrl.orElse(embeddedDbUrl(dataDir)),
                    dbUrl.isPresent() ? text("DB_USER", "") : text("DB_USER", "sa"),
                    text("DB_PASSWORD", ""),
                    (int) number("DB_POOL_SIZE", 10, 2, 200),
                    // How long a request waits for a database connection, and for an answer on one,
                    // before it gives up with a 503: the bounds on any wait for a silent database.
                    seconds("DB_CONNECTION_TIMEOUT_SECONDS", 3, 1, 300),
                    seconds("DB_SOCKET_TIMEOUT_SECONDS", 30, 1, 3600),
                    storage,
                    s3,
                    adminToken,
                    metricsToken,
                    number("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, 1, Long.MAX_VALUE),
                    // The bound on how long a key revoked on another instance keeps working here.
                    Duration.ofSeconds(number("CREDENTIAL_CACHE_SECONDS", 5, 0, 60)),
                    // The bound on how long a check-in may answer from a remembered offer.
                    Duration.ofSeconds(number("CHECK_IN_CACHE_SECONDS", 5, 0, 60)),
                    Duration.ofSeconds(number("LAST_SEEN_FLUSH_SECONDS", 30, 1, 3600)),
                    // How long running requests may take to finish once the server was told to stop.
                    seconds("SHUTDOWN_GRACE_SECONDS", 30, 0, 3600),
                    jwt(),
                    optional("PUBLIC_URL").map(url -> httpUrl("PUBLIC_URL", url, true)),
                    Duration.ofSeconds(number("DOWNLOAD_URL_SECONDS", DEFAULT_DOWNLOAD_URL_SECONDS,
                            DownloadLinks.MIN_LIFETIME.toSeconds(), DownloadLinks.MAX_LIFETIME.toSeconds())),
                    downloadSigningKey(),
                    downloadMode(storage),
                    // How often the device API suggests devices ask again (spread by a tenth either way).
                    Duration.ofSeconds(number("DEVICE_POLL_SECONDS", 300, 10, 86_400)),
                    // Longer than any upload takes from its first byte to its row (S3 dates an
                    // unfinished multipart upload by its start), so another instance's upload is never swept.
                    Duration.ofSeconds(number("ORPHAN_SWEEP_MIN_AGE_SECONDS", 24 * 3600, 0, 30L * 24 * 3600)),
                    Duration.ofMinutes(number("ORPHAN_SWEEP_INTERVAL_MINUTES", 360, 0, 7L * 24 * 60)),
                    Duration.ofHours(number("VERIFY_INTERVAL_HOURS", 0, 0, 365L * 24)));
        }

        private Optional<String> downloadSigningKey() {
            Optional<String> key = optional("DOWNLOAD_SIGNING_KEY");
            key.ifPresent(value -> {
                // The key is never echoed, not even in an error.
                if (value.length() < DownloadLinks.MIN_KEY_LENGTH || value.length() > 128
                        || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new ConfigException(ENV_PREFIX + "DOWNLOAD_SIGNING_KEY: must be " + DownloadLinks.MIN_KEY_LENGTH
                            + " to 128 printable ASCII characters without spaces (a random value, for example "
                            + "`openssl rand -base64 32`)");
                }
            });
            return key;
        }

        private DownloadMode downloadMode(Storage storage) {
            DownloadMode mode = switch (text("DOWNLOAD_MODE", "proxy").toLowerCase(Locale.ROOT)) {
                case "proxy" -> DownloadMode.PROXY;
                case "redirect" -> DownloadMode.REDIRECT;
                default -> throw fail("DOWNLOAD_MODE", "must be proxy or redirect", values.get("DOWNLOAD_MODE"));
            };
            if (mode == DownloadMode.REDIRECT && storage != Storage.S3) {
                throw new ConfigException(ENV_PREFIX + "DOWNLOAD_MODE: redirect needs FIRMAMENT_STORAGE=s3; the "
                        + "file-system store has nothing to redirect to, so use proxy");
            }
            return mode;
        }

        /** An absolute http or https URL; {@code baseOnly}: no query or fragment either, since paths are added to it. */
        private URI httpUrl(String key, String url, boolean baseOnly) {
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                        || (baseOnly && (uri.getRawQuery() != null || uri.getRawFragment() != null
                                || uri.getRawUserInfo() != null))) {
                    throw fail(key, baseOnly ? "must be an http or https URL without user info, query or fragment"
                            : "must be an http or https URL", url);
                }
                return uri;
            } catch (URISyntaxException e) {
                throw fail(key, "must be an http or https URL", url);
            }
        }

        private Optional<JwtSettings> jwt() {
            List<String> sources = JWT_KEY_SOURCES.stream().filter(key -> optional(key).isPresent()).toList();
            if (sources.isEmpty()) {
                for (String refinement : JWT_REFINEMENTS) {
                    if (optional(refinement).isPresent()) {
                        throw new ConfigException(ENV_PREFIX + refinement + ": has no effect without one of "
                                + ENV_PREFIX + "JWT_SECRET, " + ENV_PREFIX + "JWT_PUBLIC_KEY_FILE or " + ENV_PREFIX
                                + "JWT_JWKS_FILE");
                    }
                }
                return Optional.empty();
            }
            if (sources.size() > 1) {
                throw new ConfigException(ENV_PREFIX + sources.get(1) + ": cannot be combined with " + ENV_PREFIX
                        + sources.get(0) + "; set only one of them");
            }
            String source = sources.get(0);
            JwtKeys keys = switch (source) {
                // The secret is never echoed, not even in an error.
                case "JWT_SECRET" -> jwtKeys(source, "", JwtKeys::hmacSecret, required(source));
                case "JWT_PUBLIC_KEY_FILE" -> jwtKeys(source, required(source) + " ", JwtKeys::publicKeyPem,
                        keyFile(source));
                default -> jwtKeys(source, required(source) + " ", JwtKeys::jwkSet, keyFile(source));
            };
            JwtAlgorithm algorithm = optional("JWT_ALGORITHM").map(this::jwtAlgorithm)
                    .orElseGet(() -> keys.impliedAlgorithm().orElseThrow(() -> new ConfigException(ENV_PREFIX
                            + "JWT_ALGORITHM: is required because " + ENV_PREFIX + source + " holds keys for "
                            + keys.algorithms())));
            Duration clockSkew = Duration.ofSeconds(number("JWT_CLOCK_SKEW_SECONDS",
                    JwtSettings.DEFAULT_CLOCK_SKEW.toSeconds(), 0, JwtSettings.MAX_CLOCK_SKEW.toSeconds()));
            try {
                return Optional.of(new JwtSettings(algorithm, keys, optional("JWT_ISSUER"), optional("JWT_AUDIENCE"),
                        clockSkew));
            } catch (IllegalArgumentException e) {
                // Everything else was checked above: what is left is an algorithm the key cannot verify.
                throw new ConfigException(ENV_PREFIX + "JWT_ALGORITHM: " + e.getMessage());
            }
        }

        private JwtAlgorithm jwtAlgorithm(String text) {
            try {
                return JwtAlgorithm.parse(text);
            } catch (IllegalArgumentException e) {
                throw fail("JWT_ALGORITHM", e.getMessage(), text);
            }
        }

        private static JwtKeys jwtKeys(String key, String origin, Function<String, JwtKeys> reader, String content) {
            try {
                return reader.apply(content);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ENV_PREFIX + key + ": " + origin + e.getMessage());
            }
        }

        private String keyFile(String key) {
            String name = required(key);
            try {
                Path file = Path.of(name);
                if (!Files.exists(file)) {
                    throw new ConfigException(ENV_PREFIX + key + ": file " + name + " does not exist");
                }
                if (!Files.isRegularFile(file)) {
                    throw new ConfigException(ENV_PREFIX + key + ": " + name + " is not a regular file");
                }
                if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                    throw new ConfigException(ENV_PREFIX + key + ": file " + name + " is larger than "
                            + MAX_KEY_FILE_BYTES + " bytes, too large for a key file");
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (InvalidPathException | IOException e) {
                throw new ConfigException(ENV_PREFIX + key + ": cannot read file " + name + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        private S3 s3() {
            String endpoint = required("S3_ENDPOINT");
            httpUrl("S3_ENDPOINT", endpoint, false);
            String bucket = required("S3_BUCKET");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw fail("S3_BUCKET", "must be a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')",
                        bucket);
            }
            Optional<String> publicEndpoint = optional("S3_PUBLIC_ENDPOINT");
            publicEndpoint.ifPresent(url -> httpUrl("S3_PUBLIC_ENDPOINT", url, true));
            return new S3(endpoint, required("S3_ACCESS_KEY"), required("S3_SECRET_KEY"), bucket,
                    text("S3_REGION", "us-east-1"), publicEndpoint, seconds("S3_CONNECT_TIMEOUT_SECONDS", 5, 1, 300),
                    seconds("S3_READ_TIMEOUT_SECONDS", 30, 1, 3600));
        }

        private String text(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        private Optional<String> optional(String key) {
            String value = values.get(key);
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        /** A secret a client sends as a bearer token: long enough not to be guessed, and sendable in a header. */
        private Optional<String> token(String key) {
            Optional<String> token = optional(key);
            token.ifPresent(value -> {
                if (value.length() < MIN_TOKEN_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                    throw new ConfigException(ENV_PREFIX + key + ": must be at least " + MIN_TOKEN_LENGTH
                            + " printable ASCII characters without spaces");
                }
            });
            return token;
        }

        private String required(String key) {
            return optional(key).orElseThrow(() -> new ConfigException(ENV_PREFIX + key + ": is required"
                    + (key.startsWith("S3_") ? " when FIRMAMENT_STORAGE=s3" : "")));
        }

        private Duration seconds(String key, long fallback, long min, long max) {
            return Duration.ofSeconds(number(key, fallback, min, max));
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
