package org.firmament.adapters.persistence;

/** Runs the DeviceUpdateRepository contract against H2 in memory. */
class H2DeviceUpdateRepositoryTest extends DeviceUpdateRepositoryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
