package org.firmament.adapters.persistence;

/** Runs the FirmwareImageRepository contract against H2 in memory. */
class H2FirmwareImageRepositoryTest extends FirmwareImageRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
