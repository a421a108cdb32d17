package org.firmament.adapters.persistence;

/** Runs the OfferedUpdateRepository contract against H2 in memory. */
class H2OfferedUpdateRepositoryTest extends OfferedUpdateRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
