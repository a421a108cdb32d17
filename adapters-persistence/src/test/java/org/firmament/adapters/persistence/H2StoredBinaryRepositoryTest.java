package org.firmament.adapters.persistence;

/** Runs the StoredBinaryRepository contract against H2 in memory. */
class H2StoredBinaryRepositoryTest extends StoredBinaryRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
