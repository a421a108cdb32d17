package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.common.BinaryResponse.DownloadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirmamentConfigTest {

    @Test
    void withNothingConfiguredTheEmbeddedDefaultsApply() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of());
        assertEquals("127.0.0.1", config.httpHost());
        assertEquals(8080, config.httpPort());
        assertEquals(Path.of("./data"), config.dataDir());
        assertTrue(config.dbUrl().startsWith("jdbc:h2:file:"), config.dbUrl());
        assertTrue(config.dbUrl().contains("data/db/firmament"), config.dbUrl());
        assertEquals(FirmamentConfig.Storage.FS, config.storage());
        assertEquals(Optional.empty(), config.adminToken());
        assertEquals(Duration.ofSeconds(3), config.dbConnectionTimeout());
        assertEquals(Duration.ofSeconds(30), config.dbSocketTimeout());
        assertEquals(Duration.ofSeconds(30), config.shutdownGrace());
        assertEquals(java.time.Duration.ofSeconds(300), config.devicePoll());
    }

    @Test
    void theBinaryMaintenanceDefaultsSweepSafelyAndLeaveVerificationToTheOperator() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of());
        assertEquals(java.time.Duration.ofDays(1), config.orphanSweepMinAge());
        assertEquals(java.time.Duration.ofHours(6), config.orphanSweepInterval());
        assertEquals(java.time.Duration.ZERO, config.verifyInterval());
        FirmamentConfig set = FirmamentConfig.from(Map.of("VERIFY_INTERVAL_HOURS", "24"), Map.of(
                "FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS", "7200", "FIRMAMENT_ORPHAN_SWEEP_INTERVAL_MINUTES", "0"));
        assertEquals(java.time.Duration.ofHours(2), set.orphanSweepMinAge());
        assertEquals(java.time.Duration.ZERO, set.orphanSweepInterval());
        assertEquals(java.time.Duration.ofDays(1), set.verifyInterval());
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        FirmamentConfig config = FirmamentConfig.from(Map.of("HTTP_PORT", "9000", "HTTP_HOST", "0.0.0.0"),
                Map.of("FIRMAMENT_HTTP_PORT", "9100"));
        assertEquals(9100, config.httpPort());
        assertEquals("0.0.0.0", config.httpHost());
    }

    @Test
    void s3StorageReadsItsSettings() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", "http://127.0.0.1:9000", "FIRMAMENT_S3_ACCESS_KEY", "ak",
                "FIRMAMENT_S3_SECRET_KEY", "sk", "FIRMAMENT_S3_BUCKET", "firmware"));
        FirmamentConfig.S3 s3 = config.s3().orElseThrow();
        assertEquals("http://127.0.0.1:9000", s3.endpoint());
        assertEquals("us-east-1", s3.region());
        assertEquals(Duration.ofSeconds(5), s3.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s3.readTimeout());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "FIRMAMENT_S3_CONNECT_TIMEOUT_SECONDS, 0, 'FIRMAMENT_S3_CONNECT_TIMEOUT_SECONDS: must be between 1 and 300, got ''0'''",
        "FIRMAMENT_S3_READ_TIMEOUT_SECONDS, soon, 'FIRMAMENT_S3_READ_TIMEOUT_SECONDS: must be a whole number, got ''soon'''",
        "FIRMAMENT_S3_READ_TIMEOUT_SECONDS, 3601, 'FIRMAMENT_S3_READ_TIMEOUT_SECONDS: must be between 1 and 3600, got ''3601'''",
    })
    void aBadS3TimeoutIsRefusedWithOneLineNamingItsKey(String key, String value, String message) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", "http://127.0.0.1:9000", "FIRMAMENT_S3_ACCESS_KEY", "ak",
                "FIRMAMENT_S3_SECRET_KEY", "sk", "FIRMAMENT_S3_BUCKET", "firmware"));
        env.put(key, value);
        ConfigException refused = assertThrows(ConfigException.class, () -> FirmamentConfig.from(Map.of(), env));
        assertEquals(message, refused.getMessage());
    }

    @Test
    void timeoutsAndTheShutdownGraceAreRead() {
        FirmamentConfig config = FirmamentConfig.from(Map.of("DB_SOCKET_TIMEOUT_SECONDS", "12"), Map.of(
                "FIRMAMENT_DB_CONNECTION_TIMEOUT_SECONDS", "4", "FIRMAMENT_SHUTDOWN_GRACE_SECONDS", "0"));
        assertEquals(Duration.ofSeconds(4), config.dbConnectionTimeout());
        assertEquals(Duration.ofSeconds(12), config.dbSocketTimeout());
        assertEquals(Duration.ZERO, config.shutdownGrace());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "FIRMAMENT_HTTP_PORT, abc, 'FIRMAMENT_HTTP_PORT: must be a whole number, got ''abc'''",
        "FIRMAMENT_HTTP_PORT, 70000, 'FIRMAMENT_HTTP_PORT: must be between 0 and 65535, got ''70000'''",
        "FIRMAMENT_STORAGE, ftp, 'FIRMAMENT_STORAGE: must be fs or s3, got ''ftp'''",
        "FIRMAMENT_DB_URL, jdbc:mysql://x/y, 'FIRMAMENT_DB_URL: must be a jdbc:postgresql: or jdbc:h2: URL, got ''jdbc:mysql://x/y'''",
        "FIRMAMENT_ADMIN_TOKEN, short, 'FIRMAMENT_ADMIN_TOKEN: must be at least 16 printable ASCII characters without spaces'",
        "FIRMAMENT_METRICS_TOKEN, short, 'FIRMAMENT_METRICS_TOKEN: must be at least 16 printable ASCII characters without spaces'",
        "FIRMAMENT_METRICS_TOKEN, 'scraper token with spaces', 'FIRMAMENT_METRICS_TOKEN: must be at least 16 printable ASCII characters without spaces'",
        "FIRMAMENT_MAX_UPLOAD_BYTES, 0, 'FIRMAMENT_MAX_UPLOAD_BYTES: must be between 1 and 9223372036854775807, got ''0'''",
        "FIRMAMENT_DB_POOL_SIZE, many, 'FIRMAMENT_DB_POOL_SIZE: must be a whole number, got ''many'''",
        "FIRMAMENT_CHECK_IN_CACHE_SECONDS, 61, 'FIRMAMENT_CHECK_IN_CACHE_SECONDS: must be between 0 and 60, got ''61'''",
        "FIRMAMENT_LAST_SEEN_FLUSH_SECONDS, 0, 'FIRMAMENT_LAST_SEEN_FLUSH_SECONDS: must be between 1 and 3600, got ''0'''",
        "FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS, -1, 'FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS: must be between 0 and 2592000, got ''-1'''",
        "FIRMAMENT_ORPHAN_SWEEP_INTERVAL_MINUTES, hourly, 'FIRMAMENT_ORPHAN_SWEEP_INTERVAL_MINUTES: must be a whole number, got ''hourly'''",
        "FIRMAMENT_VERIFY_INTERVAL_HOURS, 9000, 'FIRMAMENT_VERIFY_INTERVAL_HOURS: must be between 0 and 8760, got ''9000'''",
        "FIRMAMENT_DB_CONNECTION_TIMEOUT_SECONDS, 0, 'FIRMAMENT_DB_CONNECTION_TIMEOUT_SECONDS: must be between 1 and 300, got ''0'''",
        "FIRMAMENT_DB_SOCKET_TIMEOUT_SECONDS, 3s, 'FIRMAMENT_DB_SOCKET_TIMEOUT_SECONDS: must be a whole number, got ''3s'''",
        "FIRMAMENT_SHUTDOWN_GRACE_SECONDS, -1, 'FIRMAMENT_SHUTDOWN_GRACE_SECONDS: must be between 0 and 3600, got ''-1'''",
        "FIRMAMENT_DEVICE_POLL_SECONDS, 5, 'FIRMAMENT_DEVICE_POLL_SECONDS: must be between 10 and 86400, got ''5'''",
        "FIRMAMENT_DEVICE_POLL_SECONDS, soon, 'FIRMAMENT_DEVICE_POLL_SECONDS: must be a whole number, got ''soon'''",
        "FIRMAMENT_PUBLIC_URL, ftp://fw.example.com, 'FIRMAMENT_PUBLIC_URL: must be an http or https URL without user info, query or fragment, got ''ftp://fw.example.com'''",
        "FIRMAMENT_PUBLIC_URL, fw.example.com, 'FIRMAMENT_PUBLIC_URL: must be an http or https URL without user info, query or fragment, got ''fw.example.com'''",
        "FIRMAMENT_PUBLIC_URL, https://fw.example.com/?a=b, 'FIRMAMENT_PUBLIC_URL: must be an http or https URL without user info, query or fragment, got ''https://fw.example.com/?a=b'''",
        "FIRMAMENT_PUBLIC_URL, https://fw example, 'FIRMAMENT_PUBLIC_URL: must be an http or https URL, got ''https://fw example'''",
        "FIRMAMENT_DOWNLOAD_URL_SECONDS, 59, 'FIRMAMENT_DOWNLOAD_URL_SECONDS: must be between 60 and 604800, got ''59'''",
        "FIRMAMENT_DOWNLOAD_URL_SECONDS, 604801, 'FIRMAMENT_DOWNLOAD_URL_SECONDS: must be between 60 and 604800, got ''604801'''",
        "FIRMAMENT_DOWNLOAD_URL_SECONDS, 1h, 'FIRMAMENT_DOWNLOAD_URL_SECONDS: must be a whole number, got ''1h'''",
        "FIRMAMENT_DOWNLOAD_SIGNING_KEY, too-short-key, 'FIRMAMENT_DOWNLOAD_SIGNING_KEY: must be 32 to 128 printable ASCII characters without spaces (a random value, for example `openssl rand -base64 32`)'",
        "FIRMAMENT_DOWNLOAD_MODE, cdn, 'FIRMAMENT_DOWNLOAD_MODE: must be proxy or redirect, got ''cdn'''",
        "FIRMAMENT_DOWNLOAD_MODE, redirect, 'FIRMAMENT_DOWNLOAD_MODE: redirect needs FIRMAMENT_STORAGE=s3; the file-system store has nothing to redirect to, so use proxy'",
        "FIRMAMENT_S3_PUBLIC_ENDPOINT, https://s3.example.com, 'FIRMAMENT_S3_PUBLIC_ENDPOINT: has no effect without FIRMAMENT_STORAGE=s3'",
    })
    void aBadSettingIsRefusedWithOneLineNamingItsKey(String key, String value, String message) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> FirmamentConfig.from(Map.of(), Map.of(key, value)));
        assertEquals(message, refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
    }

    @Test
    void theMetricsTokenIsOptionalAndMayNotBeTheAdminToken() {
        assertEquals(Optional.empty(), FirmamentConfig.from(Map.of(), Map.of()).metricsToken());
        assertEquals(Optional.of("scraper-token-0123456789"), FirmamentConfig.from(Map.of(),
                Map.of("FIRMAMENT_METRICS_TOKEN", "scraper-token-0123456789")).metricsToken());
        ConfigException refused = assertThrows(ConfigException.class, () -> FirmamentConfig.from(
                Map.of("ADMIN_TOKEN", "same-token-0123456789"), Map.of("FIRMAMENT_METRICS_TOKEN", "same-token-0123456789")));
        assertEquals("FIRMAMENT_METRICS_TOKEN: must differ from FIRMAMENT_ADMIN_TOKEN "
                + "(a scraper's token must not also be the admin's)", refused.getMessage());
    }

    @Test
    void downloadSettingsHaveSafeDefaults() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of());
        assertEquals(Optional.empty(), config.publicUrl());
        assertEquals(Duration.ofHours(1), config.downloadUrlLifetime());
        assertEquals(Optional.empty(), config.downloadSigningKey());
        assertEquals(DownloadMode.PROXY, config.downloadMode());
    }

    @Test
    void redirectModeAndAPublicEndpointAreReadWithS3Storage() {
        FirmamentConfig config = FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", "http://minio:9000", "FIRMAMENT_S3_ACCESS_KEY", "ak",
                "FIRMAMENT_S3_SECRET_KEY", "sk", "FIRMAMENT_S3_BUCKET", "firmware", "FIRMAMENT_DOWNLOAD_MODE", "REDIRECT",
                "FIRMAMENT_S3_PUBLIC_ENDPOINT", "https://downloads.example.com", "FIRMAMENT_PUBLIC_URL",
                "https://fw.example.com/ota"));
        assertEquals(DownloadMode.REDIRECT, config.downloadMode());
        assertEquals(Optional.of("https://downloads.example.com"), config.s3().orElseThrow().publicEndpoint());
        assertEquals(Optional.of(URI.create("https://fw.example.com/ota")), config.publicUrl());
    }

    @Test
    void aBadS3PublicEndpointIsRefused() {
        ConfigException refused = assertThrows(ConfigException.class, () -> FirmamentConfig.from(Map.of(),
                Map.of("FIRMAMENT_STORAGE", "s3", "FIRMAMENT_S3_ENDPOINT", "http://h:1", "FIRMAMENT_S3_ACCESS_KEY", "a",
                        "FIRMAMENT_S3_SECRET_KEY", "s", "FIRMAMENT_S3_BUCKET", "firmware",
                        "FIRMAMENT_S3_PUBLIC_ENDPOINT", "downloads.example.com")));
        assertTrue(refused.getMessage().startsWith("FIRMAMENT_S3_PUBLIC_ENDPOINT: must be an http or https URL"),
                refused.getMessage());
    }

    @Test
    void theSigningKeyIsNeverEchoedInItsError() {
        ConfigException refused = assertThrows(ConfigException.class, () -> FirmamentConfig.from(Map.of(),
                Map.of("FIRMAMENT_DOWNLOAD_SIGNING_KEY", "secret with spaces that is long enough 0123")));
        assertFalse(refused.getMessage().contains("secret with spaces"), refused.getMessage());
    }

    @Test
    void s3StorageWithoutItsSettingsNamesTheFirstMissingKey() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> FirmamentConfig.from(Map.of(), Map.of("FIRMAMENT_STORAGE", "s3")));
        assertEquals("FIRMAMENT_S3_ENDPOINT: is required when FIRMAMENT_STORAGE=s3", refused.getMessage());
    }

    @Test
    void anInvalidBucketNameIsRefused() {
        ConfigException refused = assertThrows(ConfigException.class, () -> FirmamentConfig.from(Map.of(),
                Map.of("FIRMAMENT_STORAGE", "s3", "FIRMAMENT_S3_ENDPOINT", "http://h:1", "FIRMAMENT_S3_BUCKET", "Bad_Bucket")));
        assertTrue(refused.getMessage().startsWith("FIRMAMENT_S3_BUCKET:"), refused.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsRefusedSoTyposDoNotPassSilently() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> FirmamentConfig.from(Map.of("HTTP_PROT", "1"), Map.of()));
        assertTrue(refused.getMessage().startsWith("firmament.properties: unknown key HTTP_PROT"), refused.getMessage());
    }
}
