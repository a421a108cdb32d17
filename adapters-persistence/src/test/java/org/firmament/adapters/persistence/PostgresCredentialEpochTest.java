package org.firmament.adapters.persistence;

/** Runs the CredentialEpoch contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresCredentialEpochTest extends CredentialEpochContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
