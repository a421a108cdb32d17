package org.firmament.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
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
            boundSocketWait(connection);
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException failure) {
            throw new ServiceUnavailableException("The database does not answer", failure);
        }
    }

    /**
     * A query timeout is enforced by a cancel request over a second connection, which a server that
     * stopped answering ignores too; the network timeout ends the wait on the socket itself. The
     * pool restores the connection's own timeout when it is handed back.
     */
    private static void boundSocketWait(Connection connection) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, QUERY_TIMEOUT_SECONDS * 1000);
        } catch (SQLFeatureNotSupportedException embedded) {
            // JDBC's own answer from a driver without sockets (H2 embedded): nothing to bound.
        }
    }
}
