package org.firmament.adapters.persistence;

/** Runs the DeviceStateEpochs contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresDeviceStateEpochsTest extends DeviceStateEpochsContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
