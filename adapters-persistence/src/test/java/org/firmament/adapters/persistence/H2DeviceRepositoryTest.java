package org.firmament.adapters.persistence;

/** Runs the DeviceRepository contract against H2 in memory. */
class H2DeviceRepositoryTest extends DeviceRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
