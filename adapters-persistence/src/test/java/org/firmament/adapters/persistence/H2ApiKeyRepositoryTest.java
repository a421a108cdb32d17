package org.firmament.adapters.persistence;

/** Runs the ApiKeyRepository contract against H2 in memory. */
class H2ApiKeyRepositoryTest extends ApiKeyRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
