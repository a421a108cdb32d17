import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.firmament.adapters.persistence.Persistence;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.domain.device.DeviceId;

/**
 * Bench (no JUnit): one flush of DEVICES devices' last-seen times, the adapter's way
 * ({@code DeviceRepository.recordLastSeen}) against the way it was written before 2026-12-03
 * (a JDBC batch of single-row UPDATEs, kept here as the reference), alternating, each with newer
 * times so every row is written. Then the flushes of a fleet that polls every few minutes: each of
 * {@code runs * 4} flushes writes a random tenth of the devices, and on PostgreSQL the share of
 * those row updates made in place (HOT: no index entry written) is read from
 * {@code pg_stat_user_tables} once the pool is closed (a backend reports its counts when it ends).
 * Run by bench/last-seen-flush.sh:
 * {@code java -cp firmament.jar bench/LastSeenFlush.java <jdbc url> <user> <runs> <devices>}.
 */
public final class LastSeenFlush {

    private static final String REFERENCE =
            "UPDATE device SET last_seen = ? WHERE id = ? AND (last_seen IS NULL OR last_seen < ?)";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int runs = Integer.parseInt(args[2]);
        int devices = Integer.parseInt(args[3]);
        PersistenceConfig config = new PersistenceConfig(url, user, "", 4, Duration.ofSeconds(10), Duration.ofMinutes(10));
        boolean onPostgreSql = url.startsWith("jdbc:postgresql:");
        long[] before = null;
        try (Persistence persistence = Persistence.start(config)) {
            seed(url, user, devices);
            Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Long> reference = new ArrayList<>();
            List<Long> adapter = new ArrayList<>();
            int step = 0;
            for (int run = 0; run < runs; run++) {
                Map<DeviceId, Instant> batch = batch(devices, base.plusSeconds(++step));
                reference.add(timed(() -> referenceFlush(url, user, batch)));
                Map<DeviceId, Instant> next = batch(devices, base.plusSeconds(++step));
                adapter.add(timed(() -> persistence.transactions().run(() -> persistence.devices().recordLastSeen(next))));
                System.out.printf("run %d: batch of single-row UPDATEs %d ms, recordLastSeen %d ms%n", run + 1,
                        reference.get(run), adapter.get(run));
            }
            System.out.printf("median of %d, %d devices: batch of single-row UPDATEs %d ms, recordLastSeen %d ms%n",
                    runs, devices, median(reference), median(adapter));
            if (onPostgreSql) {
                // An idle backend reports its counts within 10 s; the full flushes' must all be in before.
                before = updateCounts(url, user, 11_000);
            }
            Random random = new Random(42);
            List<Long> tenths = new ArrayList<>();
            for (int flush = 0; flush < runs * 4; flush++) {
                Map<DeviceId, Instant> tenth = tenth(devices, base.plusSeconds(++step), random);
                tenths.add(timed(() -> persistence.transactions().run(() -> persistence.devices().recordLastSeen(tenth))));
            }
            System.out.printf("flushes of a random tenth (%d devices each), %d of them: recordLastSeen median %d ms%n",
                    devices / 10, tenths.size(), median(tenths));
        }
        if (onPostgreSql) {
            long[] after = updateCounts(url, user, 1_500);
            long updated = after[0] - before[0];
            long inPlace = after[1] - before[1];
            System.out.printf("rows those flushes updated: %d, in place (HOT) %d = %.0f %%; fill factor of device: %s%n",
                    updated, inPlace, 100.0 * inPlace / Math.max(1, updated), fillFactor(url, user));
        }
    }

    /**
     * Rows of device updated so far, and of them in place, as the statistics hold them after
     * {@code waitMillis} (PostgreSQL only).
     */
    private static long[] updateCounts(String url, String user, long waitMillis) throws SQLException {
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = connect(url, user); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'device'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static String fillFactor(String url, String user) throws SQLException {
        try (Connection connection = connect(url, user); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT coalesce(array_to_string(reloptions, ','), 'default (100)')"
                     + " FROM pg_class WHERE relname = 'device'")) {
            row.next();
            return row.getString(1);
        }
    }

    private static Map<DeviceId, Instant> tenth(int devices, Instant seen, Random random) {
        Map<DeviceId, Instant> batch = new HashMap<>();
        while (batch.size() < devices / 10) {
            batch.put(DeviceId.of("bench-device-" + random.nextInt(devices)), seen);
        }
        return batch;
    }

    private static void seed(String url, String user, int devices) throws SQLException {
        try (Connection connection = connect(url, user); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM device");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device (id, project_id,"
                    + " device_class, api_key_sha256, created_at, row_version) VALUES (?, 1, 'class_0', ?, ?, 0)")) {
                for (int i = 0; i < devices; i++) {
                    insert.setString(1, "bench-device-" + i);
                    insert.setString(2, String.format("%064d", i));
                    insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private static Map<DeviceId, Instant> batch(int devices, Instant seen) {
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (int i = 0; i < devices; i++) {
            batch.put(DeviceId.of("bench-device-" + i), seen);
        }
        return batch;
    }

    /** The previous implementation, in id order as it was. */
    private static void referenceFlush(String url, String user, Map<DeviceId, Instant> batch) {
        List<Map.Entry<DeviceId, Instant>> entries = new ArrayList<>(batch.entrySet());
        entries.sort(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())));
        try (Connection connection = connect(url, user);
             PreparedStatement update = connection.prepareStatement(REFERENCE)) {
            connection.setAutoCommit(false);
            for (Map.Entry<DeviceId, Instant> entry : entries) {
                OffsetDateTime seen = entry.getValue().atOffset(ZoneOffset.UTC);
                update.setObject(1, seen);
                update.setString(2, entry.getKey().value());
                update.setObject(3, seen);
                update.addBatch();
            }
            update.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** A plain connection beside the adapter's pool, for the seed and the reference. */
    private static Connection connect(String url, String user) throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
}
