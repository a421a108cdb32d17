package org.firmament.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.firmament.application.port.out.DatabaseHealth;
import org.firmament.application.port.out.ServiceUnavailableException;

/** Persistence adapter: the health check, a trivial query on a pooled connection with a short timeout. */
final class JdbcDatabaseHealth implements DatabaseHealth {

    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final DataSource pool;

    JdbcDatabaseHealth(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public void checkReachable() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException failure) {
            throw new ServiceUnavailableException("The database does not answer", failure);
        }
    }
}
