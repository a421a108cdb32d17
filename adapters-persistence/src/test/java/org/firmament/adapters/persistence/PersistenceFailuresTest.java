package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.persistence.OptimisticLockException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.NotFoundException;
import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit test of {@link PersistenceFailures}: the failures the contract tests cannot provoke on
 * demand (a server shutting down, a serialization failure) still translate by SQLState.
 */
class PersistenceFailuresTest {

    private static RuntimeException translated(RuntimeException failure) {
        return PersistenceFailures.translate(failure, "Firmware image x",
                PersistenceFailures.duplicateVersionOr("Firmware image x", "OKM", "1.0.0"));
    }

    private static RuntimeException jdbc(String sqlState) {
        return new GenericJDBCException("statement failed", new SQLException("driver says no", sqlState));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "57P01", "57P03"})
    void connectionStatesAndAServerShuttingDown_meanServiceUnavailable(String sqlState) {
        assertInstanceOf(ServiceUnavailableException.class, translated(jdbc(sqlState)));
    }

    @Test
    void aRefusedConnectionOrAPoolTimeout_meanServiceUnavailable() {
        assertInstanceOf(ServiceUnavailableException.class, translated(new IllegalStateException("pool",
                new SQLTransientConnectionException("timed out"))));
        assertInstanceOf(ServiceUnavailableException.class, translated(new IllegalStateException("driver",
                new SQLException("I/O", null, new ConnectException("Connection refused")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "90131", "HYT00"})
    void serializationFailuresDeadlocksAndLockTimeouts_meanConcurrentModification(String sqlState) {
        assertInstanceOf(ConcurrentModificationException.class, translated(jdbc(sqlState)));
    }

    @Test
    void staleRowVersions_meanConcurrentModification() {
        assertInstanceOf(ConcurrentModificationException.class,
                translated(new StaleObjectStateException("FirmwareImage", "x")));
        assertInstanceOf(ConcurrentModificationException.class, translated(new OptimisticLockException("stale")));
    }

    @Test
    void theVersionConstraint_meansDuplicateVersion_whateverCaseTheDatabaseReportsItIn() {
        RuntimeException postgres = new ConstraintViolationException("insert failed",
                new SQLException("duplicate key", "23505"), "firmware_type_version_key");
        RuntimeException h2 = new ConstraintViolationException("insert failed",
                new SQLException("Unique index or primary key violation: \"PUBLIC.FIRMWARE_TYPE_VERSION_KEY_INDEX_8 ON"
                        + " PUBLIC.FIRMWARE_IMAGE(PROJECT_ID, TYPE_NAME, VERSION)\"", "23505"), null);

        DuplicateVersionException duplicate = assertInstanceOf(DuplicateVersionException.class, translated(postgres));
        assertEquals("OKM", duplicate.typeName());
        assertEquals("1.0.0", duplicate.version());
        assertInstanceOf(DuplicateVersionException.class, translated(h2));
    }

    @Test
    void anyOtherUniqueViolation_meansConcurrentModification() {
        RuntimeException primaryKey = new ConstraintViolationException("insert failed",
                new SQLException("duplicate key", "23505"), "firmware_image_pkey");

        assertInstanceOf(ConcurrentModificationException.class, translated(primaryKey));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23503", "23506"})
    void foreignKeyViolations_meanConcurrentModification(String sqlState) {
        assertInstanceOf(ConcurrentModificationException.class, translated(jdbc(sqlState)));
    }

    @Test
    void onAdd_aCollisionOnThePrimaryKey_meansAlreadyExists_onBothDatabases() {
        RuntimeException postgres = new ConstraintViolationException("insert failed",
                new SQLException("duplicate key", "23505"), "device_pkey");
        // H2 names the primary key's index, and quotes the values, which may look like any constraint.
        RuntimeException h2 = new ConstraintViolationException("insert failed",
                new SQLException("Unique index or primary key violation: \"PUBLIC.PRIMARY_KEY_7 ON PUBLIC.DEVICE(ID)"
                        + " VALUES ( /* 1 */ 'device_api_key_sha256_key' )\"", "23505"), null);

        AlreadyExistsException duplicate = assertInstanceOf(AlreadyExistsException.class, onAdd(postgres));
        assertEquals("device", duplicate.what());
        assertEquals("d1", duplicate.id());
        assertInstanceOf(AlreadyExistsException.class, onAdd(h2));
    }

    @Test
    void onAdd_aCollisionOnAnotherNamedConstraint_meansConcurrentModification() {
        RuntimeException postgres = new ConstraintViolationException("insert failed",
                new SQLException("duplicate key", "23505"), "device_api_key_sha256_key");
        RuntimeException h2 = new ConstraintViolationException("insert failed",
                new SQLException("Unique index or primary key violation: \"PUBLIC.DEVICE_API_KEY_SHA256_KEY_INDEX_2 ON"
                        + " PUBLIC.DEVICE(API_KEY_SHA256) VALUES ( /* 2 */ 'ab' )\"", "23505"), null);

        assertInstanceOf(ConcurrentModificationException.class, onAdd(postgres));
        assertInstanceOf(ConcurrentModificationException.class, onAdd(h2));
    }

    private static RuntimeException onAdd(RuntimeException failure) {
        return PersistenceFailures.translate(failure, "Device d1",
                PersistenceFailures.alreadyExistsOr("Device d1", "device", "d1", "device_api_key_sha256_key"));
    }

    @Test
    void domainExceptionsPassThroughUnchanged() {
        NotFoundException notFound = new NotFoundException(NotFoundException.Subject.BINARY, "x");

        assertSame(notFound, translated(notFound));
    }

    @Test
    void anythingElse_becomesAnIllegalStateThatKeepsTheCause() {
        RuntimeException checkViolation = jdbc("23514");

        RuntimeException result = translated(checkViolation);

        assertEquals(IllegalStateException.class, result.getClass());
        assertSame(checkViolation, result.getCause());
    }
}
