package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.firmament.domain.device.DeviceId;
import org.junit.jupiter.api.Test;

/** Runs the PersistenceStart contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresPersistenceStartTest extends PersistenceStartContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }

    @Test
    void migration12_leavesAFifthOfTheDevicePagesFree() {
        assertEquals(1, count("pg_class WHERE relname = 'device' AND 'fillfactor="
                + DeviceFillFactorMigration.FILL_FACTOR + "' = ANY (reloptions)"));
    }

    /**
     * What migration 12 is for: a flush of a tenth of the devices' last-seen times leaves every
     * updated row on its page (where a full page would have sent it to another), which is what lets
     * PostgreSQL update it in place without an index entry.
     */
    @Test
    void aLastSeenFlushOfATenthOfTheDevices_leavesEachUpdatedRowOnItsPage() throws SQLException {
        sql("INSERT INTO device (id, project_id, device_class, api_key_sha256, created_at, row_version)"
                + " SELECT 'placed-' || n, 1, 'class_0', lpad(n::text, 64, '0'), now(), 0"
                + " FROM generate_series(1, 1000) n");
        Map<String, Long> pagesBefore = pages();
        assertTrue(pagesBefore.values().stream().distinct().count() > 5, "several full pages: " + pagesBefore.size());
        Map<DeviceId, Instant> tenth = new HashMap<>();
        Instant seen = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int n = 7; n <= 1000; n += 10) {
            tenth.put(DeviceId.of("placed-" + n), seen);
        }

        persistence.transactions().run(() -> persistence.devices().recordLastSeen(tenth));

        Map<String, Long> pagesAfter = pages();
        for (DeviceId id : tenth.keySet()) {
            assertEquals(pagesBefore.get(id.value()), pagesAfter.get(id.value()), id.value());
        }
        assertEquals(tenth.size(), count("device WHERE last_seen IS NOT NULL"));
    }

    /** Each device's page: the block number of its row's current version. */
    private Map<String, Long> pages() throws SQLException {
        Map<String, Long> pages = new HashMap<>();
        try (Connection connection = persistence.pool().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, (ctid::text::point)[0]::bigint FROM device WHERE id LIKE 'placed-%'")) {
            while (rows.next()) {
                pages.put(rows.getString(1), rows.getLong(2));
            }
        }
        return pages;
    }
}
