package org.firmament.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Test support: a kind of database server that hands each test class a fresh, empty database. */
public interface TestDatabase {

    /** A new database that nothing has migrated yet. */
    PersistenceConfig createDatabase();

    /** Drops a database made by {@link #createDatabase}, once nothing uses it any more. */
    void dropDatabase(PersistenceConfig database);

    /** A configuration of this kind whose server does not answer: nothing listens on its port. */
    PersistenceConfig unreachableDatabase();

    /** A local port that was free a moment ago, so a connection to it is refused at once. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
