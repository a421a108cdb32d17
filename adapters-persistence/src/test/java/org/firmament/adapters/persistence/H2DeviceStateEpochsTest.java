package org.firmament.adapters.persistence;

/** Runs the DeviceStateEpochs contract against H2 in memory. */
class H2DeviceStateEpochsTest extends DeviceStateEpochsContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
