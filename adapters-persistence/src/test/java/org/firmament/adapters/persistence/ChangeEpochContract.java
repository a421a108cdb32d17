package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.firmament.application.port.out.ChangeEpoch;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.service.CatalogChangesSeen;
import org.firmament.application.service.CheckInCatalog;
import org.firmament.domain.device.Device;
import org.firmament.domain.firmware.FirmwareType;
import org.junit.jupiter.api.Test;
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

    // ---- the catalogue's changes: the epoch advanced last, once per transaction ----

    private CheckInCatalog catalog() {
        return new CheckInCatalog(persistence.transactions(), persistence.projects(), persistence.bundles(),
                persistence.firmwareTypes(), persistence.firmwareImages(), Clock.system(), Duration.ofSeconds(5),
                persistence.catalogEpoch());
    }

    private FirmwareTypeRepository typesTelling(CheckInCatalog catalog) {
        return CatalogChangesSeen.types(persistence.firmwareTypes(), catalog::changed);
    }

    @Test
    void aTransactionWithSeveralCatalogueWrites_advancesTheCatalogueEpochOnce() {
        FirmwareTypeRepository types = typesTelling(catalog());
        FirmwareImageRepository images = CatalogChangesSeen.images(persistence.firmwareImages(), catalog()::changed);
        long before = inTransaction(persistence.catalogEpoch()::read);

        inTransaction(() -> {
            FirmwareType okm = semanticType(PROJECT, "OKM");
            types.add(okm);
            types.add(semanticType(PROJECT, "IR4KEY"));
            images.add(image(okm, "1.0.0", T0));
            assertEquals(before, persistence.catalogEpoch().read(), "not before the commit");
        });

        assertEquals(before + 1, inTransaction(persistence.catalogEpoch()::read));
    }

    @Test
    void aRolledBackTransactionOfCatalogueWrites_leavesTheCatalogueEpoch() {
        FirmwareTypeRepository types = typesTelling(catalog());
        long before = inTransaction(persistence.catalogEpoch()::read);

        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            types.add(semanticType(PROJECT, "OKM"));
            throw new IllegalStateException("the use case failed after its write");
        }));

        assertEquals(before, inTransaction(persistence.catalogEpoch()::read));
        assertEquals(0, count("firmware_type"));
    }

    @Test
    void aCatalogueChangeToldOutsideAnyTransaction_stillAdvancesTheEpoch() {
        long before = inTransaction(persistence.catalogEpoch()::read);

        catalog().changed();

        assertEquals(before + 1, inTransaction(persistence.catalogEpoch()::read));
    }

    /**
     * Each transaction writes a catalogue row and the same device row, in opposite orders. With the
     * epoch advanced at each catalogue write, the first would hold the epoch row while waiting for
     * the device row, and the second would hold the device row while waiting for the epoch row: a
     * deadlock, one of them rolled back. With the epoch advanced just before each commit, the
     * second commits and the first goes on.
     */
    @Test
    void twoTransactionsWritingCatalogueRowsAndAnotherRowInOppositeOrders_bothCommit() throws Exception {
        FirmwareTypeRepository types = typesTelling(catalog());
        Device device = existingDevice(PROJECT, "d1", "smart_light");
        long before = inTransaction(persistence.catalogEpoch()::read);
        CountDownLatch firstWroteItsType = new CountDownLatch(1);
        CountDownLatch secondHoldsTheDevice = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> inTransaction(() -> {
                types.add(semanticType(PROJECT, "FIRST"));
                firstWroteItsType.countDown();
                await(secondHoldsTheDevice);
                // Waits for the second transaction's device row until it commits.
                persistence.devices().recordLastSeen(Map.of(device.id(), at(1)));
            }));
            Future<?> second = threads.submit(() -> inTransaction(() -> {
                await(firstWroteItsType);
                persistence.devices().recordLastSeen(Map.of(device.id(), at(2)));
                secondHoldsTheDevice.countDown();
                types.add(semanticType(PROJECT, "SECOND"));
            }));

            second.get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertEquals(2, count("firmware_type"));
        assertEquals(before + 2, inTransaction(persistence.catalogEpoch()::read));
    }
}
