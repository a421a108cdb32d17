package org.firmament.adapters.persistence;

/** Runs the CredentialEpoch contract against H2 in memory. */
class H2CredentialEpochTest extends CredentialEpochContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
