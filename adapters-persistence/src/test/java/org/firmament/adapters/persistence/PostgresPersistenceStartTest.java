package org.firmament.adapters.persistence;

/** Runs the PersistenceStart contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresPersistenceStartTest extends PersistenceStartContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
