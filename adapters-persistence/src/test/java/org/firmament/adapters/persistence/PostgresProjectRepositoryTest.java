package org.firmament.adapters.persistence;

/** Runs the ProjectRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresProjectRepositoryTest extends ProjectRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
