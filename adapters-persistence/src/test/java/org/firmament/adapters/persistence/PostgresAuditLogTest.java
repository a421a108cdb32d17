package org.firmament.adapters.persistence;

/** Runs the AuditLog contract against PostgreSQL (embedded, or the server FIRMAMENT_TEST_DB_URL names). */
class PostgresAuditLogTest extends AuditLogContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
