package org.firmament.adapters.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** Test support: H2 in memory, one database per test class. */
final class H2TestDatabase implements TestDatabase {

    static final H2TestDatabase INSTANCE = new H2TestDatabase();

    private H2TestDatabase() {
    }

    @Override
    public PersistenceConfig createDatabase() {
        // DB_CLOSE_DELAY keeps the database while the pool recycles all its connections.
        String url = "jdbc:h2:mem:firmament-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return new PersistenceConfig(url, "sa", "", 4, Duration.ofSeconds(2));
    }

    @Override
    public void dropDatabase(PersistenceConfig database) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PersistenceConfig unreachableDatabase() {
        return new PersistenceConfig("jdbc:h2:tcp://127.0.0.1:" + TestDatabase.closedPort() + "/mem:nothing",
                "sa", "", 2, Duration.ofMillis(500));
    }
}
