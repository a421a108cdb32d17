package org.firmament.adapters.persistence;

/** Runs the TransactionBoundary contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresTransactionBoundaryTest extends TransactionBoundaryContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
