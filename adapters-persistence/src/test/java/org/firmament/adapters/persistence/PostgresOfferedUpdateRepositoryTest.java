package org.firmament.adapters.persistence;

/** Runs the OfferedUpdateRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresOfferedUpdateRepositoryTest extends OfferedUpdateRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
