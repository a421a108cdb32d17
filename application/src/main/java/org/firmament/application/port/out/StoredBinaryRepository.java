package org.firmament.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;

/**
 * Out-port: the catalogue of binaries in the {@link BinaryStore}, one entry per stored object,
 * shared by every project. Identical bytes (same SHA-256 and size) have one entry, which any
 * number of images refer to. Called inside a {@link TransactionBoundary}.
 *
 * <p>The two lock methods hold the entry until the transaction ends. An upload that adopts an
 * existing binary and a release that removes the last reference both lock the entry first, so
 * one of them waits for the other and sees what it did.
 */
public interface StoredBinaryRepository {

    /** One binary in the store, as recorded when it was stored. */
    record Entry(BinaryKey key, Digest sha256, long size, Instant storedAt, Optional<Instant> verifiedAt,
                 Optional<Instant> corruptSince) {
    }

    /**
     * The intact entry holding bytes with this SHA-256 and size, locked; empty when there is none
     * (a corrupt one is never reused: a fresh upload of the same bytes gets an entry of its own).
     */
    Optional<BinaryKey> lockMatching(Digest sha256, long size);

    /** Locks the entry of {@code key}; false when there is none (it was removed meanwhile). */
    boolean lock(BinaryKey key);

    /**
     * Records a newly stored binary.
     *
     * @throws ConcurrentModificationException when an entry with the same SHA-256 and size was
     *     added meanwhile (at the latest at commit); the caller runs again and adopts that one
     */
    void add(BinaryKey key, Digest sha256, long size, Instant storedAt);

    /** Removes the entry; the caller has checked that no image refers to it. */
    void remove(BinaryKey key);

    /** Whether the store's object at {@code key} has an entry (objects without one are orphans). */
    boolean contains(BinaryKey key);

    /** The entry of {@code key}, if any. */
    Optional<Entry> find(BinaryKey key);

    /** Up to {@code limit} entries with keys after {@code after} (all when empty), in key order. */
    List<Entry> listAfter(Optional<BinaryKey> after, int limit);

    /** The entries whose bytes were found not to match their SHA-256, oldest finding first. */
    List<Entry> listCorrupt();

    /**
     * Records that the binary was read whole and matched; clears an earlier corrupt mark unless an
     * intact copy of the same bytes was stored meanwhile.
     */
    void markVerified(BinaryKey key, Instant at);

    /** Records that the binary's bytes do not match its SHA-256 (keeps the first finding's time). */
    void markCorrupt(BinaryKey key, Instant at);
}
