package org.firmament.adapters.persistence;

/** Runs the upgrade from the released schema on H2. */
class H2UpgradeFromReleasedSchemaTest extends UpgradeFromReleasedSchemaContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
