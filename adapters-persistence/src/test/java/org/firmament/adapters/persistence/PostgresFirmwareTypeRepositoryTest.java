package org.firmament.adapters.persistence;

/** Runs the FirmwareTypeRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresFirmwareTypeRepositoryTest extends FirmwareTypeRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
