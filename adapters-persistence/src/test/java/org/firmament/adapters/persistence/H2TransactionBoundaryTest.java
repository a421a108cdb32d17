package org.firmament.adapters.persistence;

/** Runs the TransactionBoundary contract against H2 in memory. */
class H2TransactionBoundaryTest extends TransactionBoundaryContract {

    @Override
    TestDatabase testDatabase() {
        return H2TestDatabase.INSTANCE;
    }
}
