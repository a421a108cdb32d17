package org.firmament.adapters.persistence;

/** Runs the ApiKeyRepository contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresApiKeyRepositoryTest extends ApiKeyRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
