package org.firmament.adapters.persistence;

/** Runs the upgrade from the released schema on PostgreSQL. */
class PostgresUpgradeFromReleasedSchemaTest extends UpgradeFromReleasedSchemaContract {

    @Override
    TestDatabase testDatabase() {
        return PostgresTestDatabase.INSTANCE;
    }
}
