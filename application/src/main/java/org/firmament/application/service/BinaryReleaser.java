package org.firmament.application.service;

import java.util.Objects;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.StoredBinaryRepository;
import org.firmament.application.port.out.StoredContent;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;

/**
 * Keeps the catalogue of stored binaries and the store in step. An upload is stored first and then
 * {@linkplain #adopt adopted} in the transaction that makes an image refer to it: identical bytes
 * already stored (same SHA-256 and size, in any project) are reused and the new copy is discarded.
 * A binary is deleted only when the last image that used it lets go of it, after that transaction
 * committed, so a failure here leaves an orphan (wasted space that the orphan sweep reclaims),
 * never an image whose binary is gone.
 */
public final class BinaryReleaser {

    private static final System.Logger LOG = System.getLogger(BinaryReleaser.class.getName());

    private final TransactionBoundary transactions;
    private final FirmwareImageRepository images;
    private final StoredBinaryRepository catalogue;
    private final BinaryStore store;
    private final Clock clock;

    public BinaryReleaser(TransactionBoundary transactions, FirmwareImageRepository images,
                          StoredBinaryRepository catalogue, BinaryStore store, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.images = Objects.requireNonNull(images);
        this.catalogue = Objects.requireNonNull(catalogue);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    /** {@code binary} with whether it was found corrupt; call inside the transaction that looked it up. */
    DownloadableBinary downloadable(Artifact.StoredBinary binary) {
        return BinaryIntegrityService.downloadable(catalogue, binary);
    }

    /**
     * Inside the transaction that makes an image refer to {@code uploaded}: the key the image is to
     * use. That is the key of identical bytes already stored, locked until the transaction ends so
     * that no release removes it meanwhile; the caller {@linkplain #discard discards} the upload's
     * own copy after the commit. Otherwise the upload is recorded and its own key returned.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when a concurrent upload of the
     *     same bytes was recorded first; run the transaction again to adopt that one
     */
    public BinaryKey adopt(StoredContent uploaded) {
        return catalogue.lockMatching(uploaded.sha256(), uploaded.size()).orElseGet(() -> {
            catalogue.add(uploaded.key(), uploaded.sha256(), uploaded.size(), clock.now());
            return uploaded.key();
        });
    }

    /** Deletes the binary at {@code key} unless an image still refers to it; never throws. */
    public void releaseIfUnreferenced(BinaryKey key) {
        try {
            // The lock makes a concurrent adoption of this binary either finish first (and be
            // counted here) or wait and then find no entry, so it keeps its own copy.
            boolean released = transactions.inTransaction(() -> {
                if (!catalogue.lock(key) || images.isBinaryReferenced(key)) {
                    return false;
                }
                catalogue.remove(key);
                return true;
            });
            if (released) {
                store.delete(key);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete unreferenced binary " + key
                    + "; it stays in the store as an orphan", e);
        }
    }

    /** Deletes a binary that was stored but never adopted (its row write failed, or a copy was reused); never throws. */
    public void discard(BinaryKey key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete orphan binary " + key, e);
        }
    }
}
