package org.firmament.adapters.persistence;

/** Runs the ProjectRepository contract against H2 in memory. */
class H2ProjectRepositoryTest extends ProjectRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
