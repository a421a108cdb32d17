package org.firmament.adapters.persistence;

/** Runs the PersistenceStart contract against H2 in memory. */
class H2PersistenceStartTest extends PersistenceStartContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
