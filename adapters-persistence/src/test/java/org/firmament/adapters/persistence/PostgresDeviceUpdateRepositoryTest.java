package org.firmament.adapters.persistence;

/** Runs the DeviceUpdateRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresDeviceUpdateRepositoryTest extends DeviceUpdateRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
