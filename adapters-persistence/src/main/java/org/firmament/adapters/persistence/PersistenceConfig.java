package org.firmament.adapters.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * Persistence adapter: how to reach the database, validated on construction.
 *
 * @param jdbcUrl the JDBC URL, for example {@code jdbc:h2:file:/var/lib/firmament/db} or
 *     {@code jdbc:postgresql://db:5432/firmament}
 * @param user the database user; may be empty, never null
 * @param password the database password; may be empty, never null
 * @param maximumPoolSize how many connections the pool may open; at least 2, because the schema
 *     migration at start holds two at once
 * @param connectionTimeout how long a request waits for a connection before the database counts as
 *     unreachable; at least 250 ms (the pool's floor)
 * @param socketTimeout how long a statement on an open connection may wait for the database's next
 *     bytes before the connection counts as broken (PostgreSQL; an embedded H2 has no socket); at
 *     least 1 s. It bounds every wait on a database that accepts connections but no longer answers
 */
public record PersistenceConfig(String jdbcUrl, String user, String password, int maximumPoolSize,
                                Duration connectionTimeout, Duration socketTimeout) {

    /** Short enough that an unreachable database answers 503 quickly instead of holding requests. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Longer than any statement Firmament runs (they touch a few rows by key), short enough that a
     * request on a database that stopped answering ends with a 503 rather than holding its thread.
     */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /** Flyway keeps one connection for its history table and migrates on another. */
    public static final int MINIMUM_POOL_SIZE = 2;

    private static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MINIMUM_SOCKET_TIMEOUT = Duration.ofSeconds(1);

    public PersistenceConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:") || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl must be a JDBC URL starting with 'jdbc:'");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (maximumPoolSize < MINIMUM_POOL_SIZE) {
            throw new IllegalArgumentException("maximumPoolSize must be at least " + MINIMUM_POOL_SIZE
                    + " (the schema migration holds two connections), was " + maximumPoolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was " + connectionTimeout);
        }
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (socketTimeout.compareTo(MINIMUM_SOCKET_TIMEOUT) < 0) {
            throw new IllegalArgumentException("socketTimeout must be at least 1 s, was " + socketTimeout);
        }
    }

    /** A configuration with the {@link #DEFAULT_SOCKET_TIMEOUT default socket timeout}. */
    public PersistenceConfig(String jdbcUrl, String user, String password, int maximumPoolSize,
                             Duration connectionTimeout) {
        this(jdbcUrl, user, password, maximumPoolSize, connectionTimeout, DEFAULT_SOCKET_TIMEOUT);
    }

    /** A configuration with the {@link #DEFAULT_CONNECTION_TIMEOUT default connection timeout}. */
    public PersistenceConfig(String jdbcUrl, String user, String password, int maximumPoolSize) {
        this(jdbcUrl, user, password, maximumPoolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** The same configuration with another connection timeout. */
    public PersistenceConfig withConnectionTimeout(Duration timeout) {
        return new PersistenceConfig(jdbcUrl, user, password, maximumPoolSize, timeout, socketTimeout);
    }

    /** The same configuration with another socket timeout. */
    public PersistenceConfig withSocketTimeout(Duration timeout) {
        return new PersistenceConfig(jdbcUrl, user, password, maximumPoolSize, connectionTimeout, timeout);
    }

    /** The same configuration with another pool size. */
    public PersistenceConfig withMaximumPoolSize(int size) {
        return new PersistenceConfig(jdbcUrl, user, password, size, connectionTimeout, socketTimeout);
    }

    // Records print every component; configuration ends up in logs, the password must not.
    @Override
    public String toString() {
        return "PersistenceConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", maximumPoolSize=" + maximumPoolSize + ", connectionTimeout=" + connectionTimeout
                + ", socketTimeout=" + socketTimeout + "]";
    }
}
