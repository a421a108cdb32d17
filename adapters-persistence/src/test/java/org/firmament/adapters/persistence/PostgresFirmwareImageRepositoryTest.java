package org.firmament.adapters.persistence;

/** Runs the FirmwareImageRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresFirmwareImageRepositoryTest extends FirmwareImageRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
