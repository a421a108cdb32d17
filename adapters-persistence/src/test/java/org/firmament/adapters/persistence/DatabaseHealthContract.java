package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.firmament.application.port.out.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.DatabaseHealth}, run against each database. */
abstract class DatabaseHealthContract extends PersistenceContractSupport {

    @Test
    void aRunningDatabaseIsReachable() {
        assertDoesNotThrow(() -> persistence.databaseHealth().checkReachable());
    }

    @Test
    void whenThePoolIsGone_theCheckThrowsServiceUnavailable() {
        Persistence second = Persistence.start(database);
        try {
            second.pool().close();

            assertThrows(ServiceUnavailableException.class, () -> second.databaseHealth().checkReachable());
        } finally {
            second.close();
        }
    }
}
