package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** Contract of {@link Persistence#start}: schema migration and an unreachable database, run against each database. */
abstract class PersistenceStartContract extends PersistenceContractSupport {

    @Test
    void startingAgainOnAMigratedDatabase_migratesNothingAndKeepsTheData() {
        existingType(PROJECT, "OKM");

        try (Persistence restarted = Persistence.start(database)) {
            assertTrue(restarted.transactions().inTransaction(
                    () -> restarted.firmwareTypes().find(PROJECT, FirmwareTypeName.of("OKM"))).isPresent());
            assertTrue(restarted.transactions().inTransaction(
                    () -> restarted.projects().find(ProjectId.DEFAULT)).isPresent());
        }
        assertEquals(1, count("project WHERE id = 1"));
        assertEquals(1, count("\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '1'"));
        assertEquals(1, count("\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '2'"));
        assertEquals(1, count("\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '3'"));
        assertEquals(1, count("\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '4'"));
    }

    /** Migration 12 is recorded on every database (PostgreSQL's test checks what it set there). */
    @Test
    void migration12_isRecordedOnEveryDatabase() {
        assertEquals(1, count("\"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '12'"
                + " AND \"description\" = 'device fill factor'"));
    }

    /** Hibernate boots while Flyway migrates: a failed migration must still end the start cleanly. */
    @Test
    void aMigrationThatFailsWhileHibernateBoots_failsTheStartAndAStartAfterTheFixSucceeds() {
        sql("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
        try {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Persistence.start(database));
            assertTrue(failure.getMessage().contains("checksum mismatch"), failure.getMessage());
        } finally {
            sql("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" - 1 WHERE \"version\" = '1'");
        }

        try (Persistence restarted = Persistence.start(database)) {
            assertTrue(restarted.transactions().inTransaction(
                    () -> restarted.projects().find(ProjectId.DEFAULT)).isPresent());
        }
    }

    @Test
    void startingAgainstAnUnreachableDatabase_throwsServiceUnavailableQuickly() {
        long started = System.nanoTime();

        assertThrows(ServiceUnavailableException.class, () -> Persistence.start(testDatabase().unreachableDatabase()));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000);
    }

    @Test
    void poolStatistics_countALentConnectionAsActiveAndReportTheConfiguredMaximum() throws Exception {
        try (Persistence started = Persistence.start(database)) {
            PoolStatistics before = started.poolStatistics();
            assertEquals(database.maximumPoolSize(), before.maximum());
            try (java.sql.Connection lent = started.pool().getConnection()) {
                PoolStatistics during = started.poolStatistics();
                assertEquals(before.active() + 1, during.active());
                assertTrue(during.total() >= during.active());
            }
        }
    }

    @Test
    void poolStatistics_areAllZeroOnceClosed() {
        Persistence closed = Persistence.start(database);
        closed.close();
        assertEquals(new PoolStatistics(0, 0, 0, 0, 0), closed.poolStatistics());
    }

    @Test
    void closingTwice_isHarmless() {
        Persistence second = Persistence.start(database);
        second.close();
        second.close();
    }

    @Test
    void begin_handsOutTheOutPortsAtOnceAndTheirFirstUseWaitsForTheStart() {
        try (Persistence starting = Persistence.begin(database)) {
            // No awaitStarted: the transaction waits for the session factory still booting.
            assertTrue(starting.transactions().inTransaction(
                    () -> starting.projects().find(ProjectId.DEFAULT)).isPresent());
            assertTrue(starting.startTookMillis() >= 0);
            starting.databaseHealth().checkReachable();
            assertEquals(database.maximumPoolSize(), starting.poolStatistics().maximum());
        }
    }

    @Test
    void awaitStarted_throwsTheStartsOwnFailureAsStartWould() {
        Persistence starting = Persistence.begin(testDatabase().unreachableDatabase());

        ServiceUnavailableException failure = assertThrows(ServiceUnavailableException.class, starting::awaitStarted);
        assertTrue(failure.getMessage().startsWith("The database cannot be reached at"), failure.getMessage());
        assertEquals(-1, starting.startTookMillis());
        assertEquals(new PoolStatistics(0, 0, 0, 0, 0), starting.poolStatistics());
        // A failed start left nothing open, so closing has nothing to do and throws nothing.
        starting.close();
    }

    @Test
    void aFailedStart_failsTheFirstUseOfAnOutPortWithTheSameFailure() {
        Persistence starting = Persistence.begin(testDatabase().unreachableDatabase());

        assertThrows(ServiceUnavailableException.class,
                () -> starting.transactions().inTransaction(() -> starting.projects().find(ProjectId.DEFAULT)));
        starting.close();
    }

    @Test
    void closingWhileTheStartRuns_waitsForItAndClosesWhatItOpened() {
        Persistence starting = Persistence.begin(database);

        starting.close();

        assertEquals(new PoolStatistics(0, 0, 0, 0, 0), starting.poolStatistics());
        assertTrue(starting.startTookMillis() >= 0, "the start ran to its end before the close");
    }
}
