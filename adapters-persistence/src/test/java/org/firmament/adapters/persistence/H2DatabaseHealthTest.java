package org.firmament.adapters.persistence;

/** Runs the DatabaseHealth contract against H2 in memory. */
class H2DatabaseHealthTest extends DatabaseHealthContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
