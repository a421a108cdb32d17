package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database written by each released schema is migrated by the current release with all its data
 * kept and readable through the adapter: the first release (migrations V1 to V3, every installation
 * made before access control) and the release with access control (V1 to V5: projects, API keys,
 * the audit log). When a release ships, its last migration becomes the baseline of one more test.
 */
abstract class UpgradeFromReleasedSchemaContract {

    /** The last migration of the first release. */
    private static final String RELEASED_SCHEMA = "3";
    /** The last migration of the release with access control (projects, API keys, audit log). */
    private static final String ACCESS_CONTROL_SCHEMA = "5";
    private static final String KEY_SECRET = "a project key's secret";

    private static final String IMAGE = "0b7e7c5c-1a2b-4c3d-8e9f-001122334455";
    private static final String EXTERNAL = "0b7e7c5c-1a2b-4c3d-8e9f-001122334466";
    /** Uploaded again with the same bytes before identical binaries were stored once. */
    private static final String COPY = "0b7e7c5c-1a2b-4c3d-8e9f-001122334488";
    private static final String UPDATE = "0b7e7c5c-1a2b-4c3d-8e9f-001122334477";
    private static final String SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
    private static final String SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    abstract TestDatabase testDatabase();

    @Test
    void everyRowOfTheReleasedSchemaSurvivesTheUpgrade() throws SQLException {
        PersistenceConfig database = testDatabase().createDatabase();
        try {
            Flyway.configure(Persistence.class.getClassLoader())
                    .dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations("classpath:db/migration").target(RELEASED_SCHEMA).load().migrate();
            populateAsTheReleasedVersionDid(database);

            try (Persistence persistence = Persistence.start(database)) {
                assertEverythingOfTheFirstReleaseIsStillThere(persistence);
                persistence.transactions().run(() -> {
                    // What later migrations added starts empty and works.
                    assertEquals(0, persistence.auditLog().count(ProjectId.DEFAULT));
                    assertTrue(persistence.apiKeys().list(ProjectId.DEFAULT).isEmpty());
                    assertEquals(ProjectId.of(2), persistence.projects().nextId(),
                            "new projects are numbered after project 1");
                });
                assertAnUpgradedDeviceTakesWhatLaterVersionsAdded(persistence);
            }
        } finally {
            testDatabase().dropDatabase(database);
        }
    }

    @Test
    void everyRowOfTheAccessControlReleaseSurvivesTheUpgrade() throws SQLException {
        PersistenceConfig database = testDatabase().createDatabase();
        try {
            Flyway.configure(Persistence.class.getClassLoader())
                    .dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations("classpath:db/migration").target(ACCESS_CONTROL_SCHEMA).load().migrate();
            populateAsTheReleasedVersionDid(database);
            populateAsTheAccessControlReleaseDid(database);

            try (Persistence persistence = Persistence.start(database)) {
                persistence.transactions().run(() -> {
                    var second = persistence.projects().find(ProjectId.of(2)).orElseThrow();
                    assertEquals("greenhouse", second.name());
                    assertEquals(ProjectId.of(3), persistence.projects().nextId(),
                            "the project sequence carries on where the release left it");
                    var key = Optional.ofNullable(persistence.apiKeys().findEachBySecretHash(
                            List.of(SecretHash.of(KEY_SECRET))).get(SecretHash.of(KEY_SECRET))).orElseThrow();
                    assertEquals(ProjectId.of(2), key.projectId());
                    assertEquals(1, persistence.apiKeys().list(ProjectId.of(2)).size());
                    assertEquals(2, persistence.auditLog().count(ProjectId.of(2)));
                    assertEquals(1, persistence.auditLog().count(ProjectId.of(7)),
                            "the log of a deleted project is kept");
                });
                assertEverythingOfTheFirstReleaseIsStillThere(persistence);
                assertAnUpgradedDeviceTakesWhatLaterVersionsAdded(persistence);
            }
        } finally {
            testDatabase().dropDatabase(database);
        }
    }

    private static void populateAsTheAccessControlReleaseDid(PersistenceConfig database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO project (id, name, public_ota, default_channel, created_at, row_version)"
                    + " VALUES (" + nextProjectId(connection) + ", 'greenhouse', FALSE, 'stable',"
                    + " TIMESTAMP '2025-02-01 00:00:00', 0)");
            sql.execute("INSERT INTO api_key (id, project_id, name, role, secret_sha256, created_at) VALUES"
                    + " ('key-1', 2, 'ci', 'WRITE', '" + SecretHash.of(KEY_SECRET).hex() + "',"
                    + " TIMESTAMP '2025-02-01 00:00:01')");
            sql.execute("INSERT INTO audit_entry (project_id, recorded_at, actor_kind, actor_id, action, subject,"
                    + " subject_id, summary) VALUES (2, TIMESTAMP '2025-02-01 00:00:00', 'ADMIN', 'admin', 'CREATED',"
                    + " 'PROJECT', '2', 'greenhouse')");
            sql.execute("INSERT INTO audit_entry (project_id, recorded_at, actor_kind, actor_id, action, subject,"
                    + " subject_id, summary) VALUES (2, TIMESTAMP '2025-02-01 00:00:01', 'ADMIN', 'admin', 'CREATED',"
                    + " 'API_KEY', 'key-1', '')");
            sql.execute("INSERT INTO audit_entry (project_id, recorded_at, actor_kind, actor_id, action, subject,"
                    + " subject_id, summary) VALUES (7, TIMESTAMP '2025-02-02 00:00:00', 'ADMIN', 'admin', 'DELETED',"
                    + " 'PROJECT', '7', '')");
        }
    }

    /** Takes the next project id as the released version did, in either database's dialect. */
    private static String nextProjectId(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             var next = sql.executeQuery(connection.getMetaData().getDatabaseProductName().contains("PostgreSQL")
                     ? "SELECT nextval('project_id_seq')" : "SELECT NEXT VALUE FOR project_id_seq")) {
            next.next();
            return Long.toString(next.getLong(1));
        }
    }

    private static void populateAsTheReleasedVersionDid(PersistenceConfig database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             Statement sql = connection.createStatement()) {
            sql.execute("UPDATE project SET public_ota = TRUE, default_channel = 'beta' WHERE id = 1");
            sql.execute("INSERT INTO firmware_type (project_id, name, version_scheme, created_at)"
                    + " VALUES (1, 'lamp-fw', 'SEMANTIC', TIMESTAMP '2025-01-02 03:04:05')");
            sql.execute("INSERT INTO firmware_image (id, project_id, type_name, version, created_at, artifact_kind,"
                    + " binary_key, filename, size_bytes, sha1, sha256, external_url, row_version) VALUES ('"
                    + IMAGE + "', 1, 'lamp-fw', '1.2.3', TIMESTAMP '2025-01-02 03:04:06', 'STORED', '5d1c3a0e-0000-4000-8000-000000000001',"
                    + " 'lamp.bin', 1234, '" + SHA1 + "', '" + SHA256 + "', NULL, 3)");
            sql.execute("INSERT INTO firmware_image (id, project_id, type_name, version, created_at, artifact_kind,"
                    + " binary_key, filename, size_bytes, sha1, sha256, external_url, row_version) VALUES ('"
                    + COPY + "', 1, 'lamp-fw', '1.2.4', TIMESTAMP '2025-01-02 03:04:06', 'STORED', '9d1c3a0e-0000-4000-8000-000000000002',"
                    + " 'lamp-copy.bin', 1234, '" + SHA1 + "', '" + SHA256 + "', NULL, 0)");
            sql.execute("INSERT INTO firmware_image (id, project_id, type_name, version, created_at, artifact_kind,"
                    + " binary_key, filename, size_bytes, sha1, sha256, external_url, row_version) VALUES ('"
                    + EXTERNAL + "', 1, 'OKM', '01932023020111482', TIMESTAMP '2025-01-02 03:04:07', 'EXTERNAL',"
                    + " NULL, NULL, NULL, NULL, NULL, 'https://cdn.example/okm.bin', 0)");
            sql.execute("INSERT INTO admin_credential (id, token_sha256) VALUES (1, '" + SHA256 + "')");
            sql.execute("INSERT INTO bundle (id, project_id, name, description, device_class, channel, created_at,"
                    + " row_version) VALUES ('lamp-bundle', 1, 'Lamp', 'all lamps', 'lamp', 'beta',"
                    + " TIMESTAMP '2025-01-02 03:04:08', 1)");
            sql.execute("INSERT INTO bundle_component (bundle_id, position, image_id, type_name) VALUES"
                    + " ('lamp-bundle', 0, '" + IMAGE + "', 'lamp-fw')");
            sql.execute("INSERT INTO device (id, project_id, device_class, channel_override, api_key_sha256,"
                    + " installed_bundle, last_seen, created_at, row_version) VALUES ('lamp-1', 1, 'lamp', 'beta', '"
                    + SecretHash.of("the device's key").hex() + "', 'lamp-bundle', TIMESTAMP '2025-01-03 00:00:00',"
                    + " TIMESTAMP '2025-01-02 03:04:09', 2)");
            sql.execute("INSERT INTO device_update (id, project_id, device_id, image_id, version, assigned_at, state,"
                    + " message, updated_at, row_version) VALUES ('" + UPDATE + "', 1, 'lamp-1', '" + IMAGE
                    + "', '1.2.3', TIMESTAMP '2025-01-02 03:04:10', 'SUCCEEDED', 'ok',"
                    + " TIMESTAMP '2025-01-02 03:04:11', 1)");
        }
    }

    /** The device API's additions (V6) work on a device and an image written by the released schema. */
    private static void assertAnUpgradedDeviceTakesWhatLaterVersionsAdded(Persistence persistence) {
        OfferedUpdate offered = persistence.transactions().inTransaction(() -> {
            Device device = persistence.devices().find(ProjectId.DEFAULT, DeviceId.of("lamp-1")).orElseThrow();
            device.reportVersions(InstalledVersions.NONE.with(FirmwareTypeName.of("lamp-fw"), FirmwareVersion.of("1.0.0")),
                    device.createdAt());
            device.pin(new UpdatePin.PinnedBundle(BundleId.of("lamp-bundle")));
            persistence.devices().update(device);
            FirmwareImage image = persistence.firmwareImages()
                    .find(ProjectId.DEFAULT, ImageId.of(java.util.UUID.fromString(IMAGE))).orElseThrow();
            OfferedUpdate update = OfferedUpdate.offer(java.util.UUID.randomUUID(), device,
                    UpdateDecision.bundle(BundleId.of("lamp-bundle"), List.of(image), true), device.createdAt());
            persistence.offeredUpdates().add(update);
            return update;
        });
        persistence.transactions().run(() -> {
            Device device = persistence.devices().find(ProjectId.DEFAULT, DeviceId.of("lamp-1")).orElseThrow();
            assertEquals(Optional.of(FirmwareVersion.of("1.0.0")), device.installedVersions().of(FirmwareTypeName.of("lamp-fw")));
            assertEquals(Optional.of(new UpdatePin.PinnedBundle(BundleId.of("lamp-bundle"))), device.pin());
            assertEquals(Optional.of(offered.id()), persistence.offeredUpdates()
                    .latestFor(ProjectId.DEFAULT, device.id()).map(OfferedUpdate::id));
        });
    }

    private static void assertEverythingOfTheFirstReleaseIsStillThere(Persistence persistence) {
        persistence.transactions().run(() -> {
            var project = persistence.projects().find(ProjectId.DEFAULT).orElseThrow();
            assertTrue(project.publicOta());
            assertEquals(Channel.of("beta"), project.defaultChannel());

            assertEquals(VersionScheme.NUMERIC, persistence.firmwareTypes()
                    .find(ProjectId.DEFAULT, FirmwareTypeName.of("OKM")).orElseThrow().scheme());
            FirmwareImage stored = persistence.firmwareImages()
                    .find(ProjectId.DEFAULT, ImageId.of(java.util.UUID.fromString(IMAGE))).orElseThrow();
            assertEquals(FirmwareVersion.of("1.2.3"), stored.version());
            Artifact.StoredBinary binary = stored.storedBinary().orElseThrow();
            assertEquals(SHA256, binary.sha256().hex());
            assertEquals(1234, binary.size());
            Artifact.StoredBinary copy = persistence.firmwareImages()
                    .find(ProjectId.DEFAULT, ImageId.of(java.util.UUID.fromString(COPY))).orElseThrow()
                    .storedBinary().orElseThrow();
            assertEquals(binary.key(), copy.key(), "identical bytes now share the first key");
            assertEquals("lamp-copy.bin", copy.filename());
            assertEquals(java.util.Optional.of(binary.key()), persistence.storedBinaries()
                    .lockMatching(binary.sha256(), binary.size()));
            assertTrue(persistence.storedBinaries().contains(binary.key()));
            assertFalse(persistence.storedBinaries().contains(
                    org.firmament.domain.firmware.BinaryKey.of("9d1c3a0e-0000-4000-8000-000000000002")),
                    "the other copy is an orphan now; the sweep removes it from the store");
            assertEquals(Optional.of(new Artifact.ExternalUrl("https://cdn.example/okm.bin")), persistence
                    .firmwareImages().find(ProjectId.DEFAULT, ImageId.of(java.util.UUID.fromString(EXTERNAL)))
                    .orElseThrow().artifact());

            assertEquals(SHA256, persistence.credentials().findGeneratedAdminToken().orElseThrow().hex());

            var bundle = persistence.bundles().find(ProjectId.DEFAULT, BundleId.of("lamp-bundle")).orElseThrow();
            assertEquals(List.of(stored.id()), bundle.components().stream()
                    .map(component -> component.imageId()).toList());

            SecretHash deviceKey = SecretHash.of("the device's key");
            Device device = Optional.ofNullable(persistence.devices().findEachByApiKeyHash(List.of(deviceKey))
                    .get(deviceKey)).orElseThrow();
            assertEquals(DeviceId.of("lamp-1"), device.id());
            assertEquals(DeviceClass.of("lamp"), device.deviceClass());
            assertEquals(Optional.of(BundleId.of("lamp-bundle")), device.installedBundle());

            assertEquals(1, persistence.deviceUpdates().history(ProjectId.DEFAULT, device.id()).size());
            // V6: a device of the released schema runs nothing known, has no pin and no offered update.
            assertTrue(device.installedVersions().isEmpty());
            assertEquals(Optional.empty(), device.pin());
            assertEquals(Optional.empty(), persistence.offeredUpdates().latestFor(ProjectId.DEFAULT, device.id()));
        });
    }
}
