package org.firmament.adapters.persistence;

/** Runs the ChangeEpoch contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresChangeEpochTest extends ChangeEpochContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
