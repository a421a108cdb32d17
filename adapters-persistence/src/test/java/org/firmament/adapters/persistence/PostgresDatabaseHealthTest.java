package org.firmament.adapters.persistence;

/** Runs the DatabaseHealth contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresDatabaseHealthTest extends DatabaseHealthContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
