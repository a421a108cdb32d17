package org.firmament.adapters.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Persistence adapter: the pool as Hibernate sees it, where any failure to hand out a connection
 * is a connection failure. Without it, a closed pool reports a plain {@link SQLException} that
 * Hibernate would pass on as a generic JDBC error rather than as "database unavailable".
 *
 * <p>Once the pool failed to hand out a connection because it could not connect (not merely
 * because every connection was busy), the database counts as unreachable: while it
 * does, one request at a time tries the pool again (and, when that succeeds, ends the outage),
 * and every other request fails at once instead of waiting out the pool's connection timeout. A
 * burst of requests during an outage is so answered (503) in milliseconds rather than queueing
 * behind each other's timeouts, and holds no thread.
 */
final class ConnectionFailureMarkingDataSource implements DataSource {

    private final DataSource pool;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();

    ConnectionFailureMarkingDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!unreachable.get()) {
            return connect();
        }
        if (!probing.compareAndSet(false, true)) {
            throw new SQLTransientConnectionException("The database was unreachable a moment ago and another "
                    + "request is finding out whether it is back", "08001");
        }
        try {
            return connect();
        } finally {
            probing.set(false);
        }
    }

    private Connection connect() throws SQLException {
        try {
            Connection connection = pool.getConnection();
            unreachable.set(false);
            return connection;
        } catch (SQLTransientConnectionException | SQLNonTransientConnectionException connectionFailure) {
            // The pool names the last failed attempt to connect as the cause; a timeout without
            // one means every connection was busy, which is load, not an outage.
            if (connectionFailure.getCause() != null) {
                unreachable.set(true);
            }
            throw connectionFailure;
        } catch (SQLException failure) {
            unreachable.set(true);
            throw new SQLTransientConnectionException(failure.getMessage(), "08001", failure);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool holds the credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
