package org.firmament.adapters.persistence;

/** Runs the AuditLog contract against H2 in memory. */
class H2AuditLogTest extends AuditLogContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
