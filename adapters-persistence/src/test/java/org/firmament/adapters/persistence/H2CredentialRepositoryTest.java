package org.firmament.adapters.persistence;

/** Runs the CredentialRepository contract against H2 in memory. */
class H2CredentialRepositoryTest extends CredentialRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
