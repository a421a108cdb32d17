package org.firmament.adapters.persistence;

/** Runs the ChangeEpoch contract against H2 in memory. */
class H2ChangeEpochTest extends ChangeEpochContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
