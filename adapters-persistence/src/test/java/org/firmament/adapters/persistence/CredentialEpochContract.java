package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.CredentialEpoch}, run against each database. */
abstract class CredentialEpochContract extends PersistenceContractSupport {

    @Test
    void advancingMovesTheEpochForEveryReader() {
        long before = inTransaction(() -> persistence.credentialEpoch().read());
        inTransaction(() -> {
            persistence.credentialEpoch().advance();
            persistence.credentialEpoch().advance();
        });
        assertEquals(before + 2, inTransaction(() -> persistence.credentialEpoch().read()));
    }

    @Test
    void anAdvanceInATransactionThatRollsBackLeavesTheEpoch() {
        long before = inTransaction(() -> persistence.credentialEpoch().read());
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.credentialEpoch().advance();
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(before, inTransaction(() -> persistence.credentialEpoch().read()));
    }

    @Test
    void aMissingRowReadsAsZeroAndIsPutBackByTheNextAdvance() {
        sql("DELETE FROM credential_epoch");
        assertEquals(0, inTransaction(() -> persistence.credentialEpoch().read()));
        inTransaction(() -> persistence.credentialEpoch().advance());
        assertEquals(1, inTransaction(() -> persistence.credentialEpoch().read()));
    }
}
