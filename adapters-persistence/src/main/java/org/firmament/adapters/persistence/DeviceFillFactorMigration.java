package org.firmament.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 12, PostgreSQL only: the {@code device} table's pages keep a fifth free.
 *
 * <p>The last-seen flush rewrites {@code last_seen} of every device that checked in since the
 * previous flush. On a full page PostgreSQL writes the new row version to another page and adds
 * an entry for it to each of the table's four indexes. With room left on the page and no indexed
 * column changed (last_seen has no index), it updates the row in place (a HOT update) and writes no
 * index entry. A fifth of a page holds the new versions of a tenth or more of its rows, more than a
 * fleet polling every few minutes touches between two flushes; the table grows by a quarter.
 *
 * <p>The setting applies to pages written from now on: on an existing installation the rows move
 * onto such pages as they are updated, without a table rewrite (which would lock the table).
 * H2 has no such setting; there the migration is recorded and changes nothing. A Java migration
 * rather than SQL, so that both databases share one list of versions.
 */
final class DeviceFillFactorMigration implements JavaMigration {

    static final int FILL_FACTOR = 80;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "device fill factor";
    }

    /** None, as for the Java migrations Flyway finds itself: there is no script whose text later starts compare. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE device SET (fillfactor = " + FILL_FACTOR + ")");
        }
    }
}
