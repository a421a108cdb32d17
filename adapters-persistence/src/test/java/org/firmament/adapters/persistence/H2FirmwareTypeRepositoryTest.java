package org.firmament.adapters.persistence;

/** Runs the FirmwareTypeRepository contract against H2 in memory. */
class H2FirmwareTypeRepositoryTest extends FirmwareTypeRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
