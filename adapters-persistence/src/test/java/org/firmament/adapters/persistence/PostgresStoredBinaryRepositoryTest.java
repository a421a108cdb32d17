package org.firmament.adapters.persistence;

/** Runs the StoredBinaryRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresStoredBinaryRepositoryTest extends StoredBinaryRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
