package org.firmament.adapters.persistence;

/** Runs the BundleRepository contract against H2 in memory. */
class H2BundleRepositoryTest extends BundleRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
