package org.firmament.application.service;

import java.util.Objects;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.firmware.BinaryKey;

/**
 * Deletes stored binaries that no image refers to any more. Runs after the transaction that
 * dropped the reference has committed, so a failure here leaves an orphan binary (wasted space),
 * never an image whose binary is gone.
 */
public final class BinaryReleaser {

    private static final System.Logger LOG = System.getLogger(BinaryReleaser.class.getName());

    private final TransactionBoundary transactions;
    private final FirmwareImageRepository images;
    private final BinaryStore store;

    public BinaryReleaser(TransactionBoundary transactions, FirmwareImageRepository images, BinaryStore store) {
        this.transactions = Objects.requireNonNull(transactions);
        this.images = Objects.requireNonNull(images);
        this.store = Objects.requireNonNull(store);
    }

    /** Deletes the binary at {@code key} unless an image still refers to it; never throws. */
    public void releaseIfUnreferenced(BinaryKey key) {
        try {
            boolean referenced = transactions.inTransaction(() -> images.isBinaryReferenced(key));
            if (!referenced) {
                store.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete unreferenced binary " + key
                    + "; it stays in the store as an orphan", e);
        }
    }

    /** Deletes a binary that was stored but never referenced (its row write failed); never throws. */
    public void discard(BinaryKey key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete orphan binary " + key, e);
        }
    }
}
