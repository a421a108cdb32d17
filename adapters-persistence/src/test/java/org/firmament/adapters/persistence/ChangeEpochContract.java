package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.firmament.application.port.out.ChangeEpoch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract of {@link ChangeEpoch}, for each counter the persistence holds (credentials, the
 * check-in catalogue), run against each database.
 */
abstract class ChangeEpochContract extends PersistenceContractSupport {

    private ChangeEpoch epoch(HibernateChangeEpoch.Table table) {
        return table == HibernateChangeEpoch.Table.CREDENTIAL_EPOCH ? persistence.credentialEpoch()
                : persistence.catalogEpoch();
    }

    @ParameterizedTest
    @EnumSource(HibernateChangeEpoch.Table.class)
    void advancingMovesTheEpochForEveryReader(HibernateChangeEpoch.Table table) {
        ChangeEpoch epoch = epoch(table);
        long before = inTransaction(epoch::read);
        inTransaction(() -> {
            epoch.advance();
            epoch.advance();
        });
        assertEquals(before + 2, inTransaction(epoch::read));
    }

    @ParameterizedTest
    @EnumSource(HibernateChangeEpoch.Table.class)
    void anAdvanceInATransactionThatRollsBackLeavesTheEpoch(HibernateChangeEpoch.Table table) {
        ChangeEpoch epoch = epoch(table);
        long before = inTransaction(epoch::read);
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            epoch.advance();
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(before, inTransaction(epoch::read));
    }

    @ParameterizedTest
    @EnumSource(HibernateChangeEpoch.Table.class)
    void aMissingRowReadsAsZeroAndIsPutBackByTheNextAdvance(HibernateChangeEpoch.Table table) {
        ChangeEpoch epoch = epoch(table);
        sql("DELETE FROM " + (table == HibernateChangeEpoch.Table.CREDENTIAL_EPOCH ? "credential_epoch"
                : "catalog_epoch"));
        assertEquals(0, inTransaction(epoch::read));
        inTransaction(epoch::advance);
        assertEquals(1, inTransaction(epoch::read));
    }

    @ParameterizedTest
    @EnumSource(HibernateChangeEpoch.Table.class)
    void eachKindOfChangeMovesOnlyItsOwnEpoch(HibernateChangeEpoch.Table table) {
        HibernateChangeEpoch.Table other = table == HibernateChangeEpoch.Table.CREDENTIAL_EPOCH
                ? HibernateChangeEpoch.Table.CATALOG_EPOCH : HibernateChangeEpoch.Table.CREDENTIAL_EPOCH;
        long otherBefore = inTransaction(epoch(other)::read);
        inTransaction(epoch(table)::advance);
        assertEquals(otherBefore, inTransaction(epoch(other)::read));
    }
}
