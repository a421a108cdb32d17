package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Test support: what every contract test needs. Each concrete test class gets its own database,
 * migrated by starting {@link Persistence} on it; tables are emptied before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersistenceContractSupport {

    static final ProjectId PROJECT = ProjectId.DEFAULT;
    static final ProjectId OTHER_PROJECT = ProjectId.of(2);

    /** Microsecond precision, as the Clock port delivers; far from "now" so nothing can pass for a default. */
    static final Instant T0 = Instant.parse("2024-02-29T23:59:58.123456Z");

    PersistenceConfig database;
    Persistence persistence;

    /** The kind of database these tests run against. */
    abstract TestDatabase testDatabase();

    @BeforeAll
    void startPersistence() {
        database = testDatabase().createDatabase();
        persistence = Persistence.start(database);
    }

    @AfterAll
    void stopPersistence() {
        if (persistence != null) {
            persistence.close();
        }
        if (database != null) {
            testDatabase().dropDatabase(database);
        }
    }

    @BeforeEach
    void emptyTables() {
        // Children first: bundle components hold on to their images without a cascade.
        sql("DELETE FROM device_update", "DELETE FROM device", "DELETE FROM bundle_component", "DELETE FROM bundle",
                "DELETE FROM firmware_image", "DELETE FROM stored_binary", "DELETE FROM firmware_type", "DELETE FROM admin_credential", "DELETE FROM download_signing_key",
                "DELETE FROM api_key", "DELETE FROM audit_entry", "DELETE FROM project WHERE id <> 1");
        insertProject(OTHER_PROJECT.value(), "Other project", true, "beta", T0, 0);
    }

    <T> T inTransaction(Supplier<T> work) {
        return persistence.transactions().inTransaction(work);
    }

    void inTransaction(Runnable work) {
        persistence.transactions().run(work);
    }

    static Instant at(int secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    // ---- fixtures ----

    static FirmwareType type(ProjectId project, String name, VersionScheme scheme) {
        return FirmwareType.create(project, FirmwareTypeName.of(name), scheme, T0);
    }

    static FirmwareType semanticType(ProjectId project, String name) {
        return type(project, name, VersionScheme.SEMANTIC);
    }

    /** Adds a semantic-versioned type in its own transaction. */
    FirmwareType existingType(ProjectId project, String name) {
        FirmwareType type = semanticType(project, name);
        inTransaction(() -> persistence.firmwareTypes().add(type));
        return type;
    }

    static FirmwareImage image(FirmwareType type, String version, Instant createdAt) {
        return FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version), createdAt);
    }

    /** Adds an image in its own transaction and returns it as stored (revision 0). */
    FirmwareImage existingImage(FirmwareType type, String version, Instant createdAt) {
        FirmwareImage image = image(type, version, createdAt);
        inTransaction(() -> persistence.firmwareImages().add(image));
        return image;
    }

    /**
     * A stored binary under {@code key}, recorded in the catalogue (images may refer only to
     * recorded binaries); each key gets bytes of its own, so the catalogue never merges two keys.
     */
    Artifact.StoredBinary storedBinary(String key) {
        Artifact.StoredBinary binary = new Artifact.StoredBinary(BinaryKey.of(key), "firmware-" + key + ".bin",
                1_234_567_890_123L, Digest.sha1("A9993E364706816ABA3E25717850C26C9CD0D89D"), sha256Of(key));
        inTransaction(() -> {
            if (!persistence.storedBinaries().contains(binary.key())) {
                persistence.storedBinaries().add(binary.key(), binary.sha256(), binary.size(), T0);
            }
        });
        return binary;
    }

    static Digest sha256Of(String text) {
        try {
            return Digest.of(Digest.Algorithm.SHA256, java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Artifact.ExternalUrl externalUrl() {
        return new Artifact.ExternalUrl("https://downloads.example.com/firmware/okm-1.2.3.bin?sig=a%20b");
    }

    static Device device(ProjectId project, String id, String deviceClass) {
        return Device.register(DeviceId.of(id), project, DeviceClass.of(deviceClass), null,
                SecretHash.of("key of " + project + "/" + id), T0);
    }

    /** Registers a device without channel override in its own transaction and returns it as stored. */
    Device existingDevice(ProjectId project, String id, String deviceClass) {
        Device device = device(project, id, deviceClass);
        inTransaction(() -> persistence.devices().add(device));
        return device;
    }

    FirmwareImage reload(FirmwareImage image) {
        return inTransaction(() -> persistence.firmwareImages().find(image.projectId(), image.id())).orElseThrow();
    }

    static void assertSameImage(FirmwareImage expected, FirmwareImage actual, long expectedRevision) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.projectId(), actual.projectId(), "projectId");
        assertEquals(expected.typeName(), actual.typeName(), "typeName");
        assertEquals(expected.version(), actual.version(), "version");
        assertEquals(expected.createdAt(), actual.createdAt(), "createdAt");
        assertEquals(expected.artifact(), actual.artifact(), "artifact");
        assertEquals(expectedRevision, actual.revision(), "revision");
    }

    static List<ImageId> ids(List<FirmwareImage> images) {
        return images.stream().map(FirmwareImage::id).toList();
    }

    // ---- plain SQL, beside the adapter ----

    void sql(String... statements) {
        try (Connection connection = persistence.pool().getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String table) {
        try (Connection connection = persistence.pool().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void insertProject(long id, String name, boolean publicOta, String channel, Instant createdAt, long rowVersion) {
        try (Connection connection = persistence.pool().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO project"
                     + " (id, name, public_ota, default_channel, created_at, row_version) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, name);
            insert.setBoolean(3, publicOta);
            insert.setString(4, channel);
            insert.setObject(5, createdAt.atOffset(ZoneOffset.UTC));
            insert.setLong(6, rowVersion);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- concurrency ----

    /** One side of a race: runs inside its own transaction and calls {@code bothReady} between read and write. */
    @FunctionalInterface
    interface Contender {
        void run(Runnable bothReady);
    }

    /**
     * Runs each contender in its own transaction on its own thread. Both pass {@code bothReady}
     * before either goes on, so both have read before either writes. Returns what each threw, or
     * null where it committed.
     */
    List<Throwable> race(Contender first, Contender second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Runnable bothReady = () -> {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other contender never got ready", e);
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Throwable>> outcomes = new ArrayList<>();
            for (Contender contender : List.of(first, second)) {
                outcomes.add(threads.submit(() -> {
                    try {
                        inTransaction(() -> contender.run(bothReady));
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Throwable> results = new ArrayList<>();
            for (Future<Throwable> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Waits for another transaction's thread to get to {@code latch}. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other transaction never got there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that one contender committed and the other failed with {@code expected}; returns that failure. */
    static <T extends Throwable> T assertOneWinsOneFailsWith(Class<T> expected, List<Throwable> outcomes) {
        long committed = outcomes.stream().filter(outcome -> outcome == null).count();
        assertEquals(1, committed, () -> "exactly one contender commits, outcomes: " + outcomes);
        Throwable failure = outcomes.stream().filter(outcome -> outcome != null).findFirst().orElseThrow();
        if (!expected.isInstance(failure)) {
            throw new AssertionError("expected " + expected.getSimpleName() + " but was " + failure, failure);
        }
        return expected.cast(failure);
    }
}
