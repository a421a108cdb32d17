package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "FIRMAMENT_HTTP_PORT, abc, 'FIRMAMENT_HTTP_PORT: must be a whole number, got ''abc'''",
        "FIRMAMENT_HTTP_PORT, 70000, 'FIRMAMENT_HTTP_PORT: must be between 0 and 65535, got ''70000'''",
        "FIRMAMENT_STORAGE, ftp, 'FIRMAMENT_STORAGE: must be fs or s3, got ''ftp'''",
        "FIRMAMENT_DB_URL, jdbc:mysql://x/y, 'FIRMAMENT_DB_URL: must be a jdbc:postgresql: or jdbc:h2: URL, got ''jdbc:mysql://x/y'''",
        "FIRMAMENT_ADMIN_TOKEN, short, 'FIRMAMENT_ADMIN_TOKEN: must be at least 16 printable ASCII characters without spaces'",
        "FIRMAMENT_MAX_UPLOAD_BYTES, 0, 'FIRMAMENT_MAX_UPLOAD_BYTES: must be between 1 and 9223372036854775807, got ''0'''",
        "FIRMAMENT_DB_POOL_SIZE, many, 'FIRMAMENT_DB_POOL_SIZE: must be a whole number, got ''many'''",
        "FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS, -1, 'FIRMAMENT_ORPHAN_SWEEP_MIN_AGE_SECONDS: must be between 0 and 2592000, got ''-1'''",
        "FIRMAMENT_ORPHAN_SWEEP_INTERVAL_MINUTES, hourly, 'FIRMAMENT_ORPHAN_SWEEP_INTERVAL_MINUTES: must be a whole number, got ''hourly'''",
        "FIRMAMENT_VERIFY_INTERVAL_HOURS, 9000, 'FIRMAMENT_VERIFY_INTERVAL_HOURS: must be between 0 and 8760, got ''9000'''",
    })
    void aBadSettingIsRefusedWithOneLineNamingItsKey(String key, String value, String message) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> FirmamentConfig.from(Map.of(), Map.of(key, value)));
        assertEquals(message, refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
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
