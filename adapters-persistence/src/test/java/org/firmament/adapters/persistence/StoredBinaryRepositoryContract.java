package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.StoredContent;
import org.firmament.application.service.BinaryReleaser;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of stored binaries: identical bytes are recorded once, and an upload adopting a
 * binary and a release removing it never cross, also when they run at the same time.
 */
abstract class StoredBinaryRepositoryContract extends PersistenceContractSupport {

    private static final Digest SHA1 = Digest.sha1("a9993e364706816aba3e25717850c26c9cd0d89d");
    private static final Digest BYTES = sha256Of("the same bytes");

    private final KeysInStore store = new KeysInStore();
    private BinaryReleaser releaser;
    private FirmwareType type;

    @BeforeEach
    void aTypeAndAReleaser() {
        type = existingType(PROJECT, "fw");
        store.keys.clear();
        releaser = new BinaryReleaser(persistence.transactions(), persistence.firmwareImages(),
                persistence.storedBinaries(), store, () -> T0);
    }

    private StoredContent upload(String key) {
        store.keys.add(BinaryKey.of(key));
        return new StoredContent(BinaryKey.of(key), 42, SHA1, BYTES);
    }

    @Test
    void identicalBytesAreFoundByTheirDigestAndSize() {
        inTransaction(() -> persistence.storedBinaries().add(BinaryKey.of("k1"), BYTES, 42, T0));
        assertEquals(Optional.of(BinaryKey.of("k1")), inTransaction(() -> persistence.storedBinaries().lockMatching(BYTES, 42)));
        assertEquals(Optional.empty(), inTransaction(() -> persistence.storedBinaries().lockMatching(BYTES, 43)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.storedBinaries().add(BinaryKey.of("k2"), BYTES, 42, T0)));
        assertEquals(1, count("stored_binary"));
    }

    @Test
    void aCorruptCopyIsNeverReusedAndAFreshCopyOfTheSameBytesCanBeRecorded() {
        inTransaction(() -> persistence.storedBinaries().add(BinaryKey.of("k1"), BYTES, 42, T0));
        inTransaction(() -> persistence.storedBinaries().markCorrupt(BinaryKey.of("k1"), at(5)));

        assertEquals(Optional.empty(), inTransaction(() -> persistence.storedBinaries().lockMatching(BYTES, 42)));
        inTransaction(() -> persistence.storedBinaries().add(BinaryKey.of("k2"), BYTES, 42, T0));
        assertEquals(List.of(BinaryKey.of("k1")), inTransaction(() -> persistence.storedBinaries().listCorrupt())
                .stream().map(entry -> entry.key()).toList());
        assertEquals(Optional.of(at(5)), inTransaction(() -> persistence.storedBinaries()
                .find(BinaryKey.of("k1")).orElseThrow().corruptSince()));

        // Found good again (restored from a backup), but a fresh copy took its place: it stays out.
        inTransaction(() -> persistence.storedBinaries().markVerified(BinaryKey.of("k1"), at(6)));
        assertEquals(1, inTransaction(() -> persistence.storedBinaries().listCorrupt()).size());
        inTransaction(() -> persistence.storedBinaries().remove(BinaryKey.of("k2")));
        inTransaction(() -> persistence.storedBinaries().markVerified(BinaryKey.of("k1"), at(7)));
        assertEquals(List.of(), inTransaction(() -> persistence.storedBinaries().listCorrupt()));
        assertEquals(Optional.of(BinaryKey.of("k1")), inTransaction(() -> persistence.storedBinaries().lockMatching(BYTES, 42)));
    }

    @Test
    void anImageCannotReferToABinaryThatIsNotRecorded() {
        FirmwareImage image = existingImage(type, "1.0.0", T0);
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("never-recorded"), "fw.bin", 42, SHA1, BYTES));
        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> persistence.firmwareImages().update(image)));
    }

    @Test
    void aRecordedBinaryCannotBeRemovedWhileAnImageRefersToIt() {
        FirmwareImage image = existingImage(type, "1.0.0", T0);
        image.attachBinary(storedBinary("k1"));
        inTransaction(() -> persistence.firmwareImages().update(image));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.storedBinaries().remove(BinaryKey.of("k1"))));
        assertTrue(inTransaction(() -> persistence.storedBinaries().contains(BinaryKey.of("k1"))));
    }

    @Test
    void listingPagesThroughEveryEntryInKeyOrder() {
        for (String key : List.of("c", "a", "b")) {
            inTransaction(() -> persistence.storedBinaries().add(BinaryKey.of(key), sha256Of(key), 1, T0));
        }
        assertEquals(List.of("a", "b"), inTransaction(() -> persistence.storedBinaries().listAfter(Optional.empty(), 2))
                .stream().map(entry -> entry.key().value()).toList());
        assertEquals(List.of("c"), inTransaction(() -> persistence.storedBinaries()
                .listAfter(Optional.of(BinaryKey.of("b")), 2)).stream().map(entry -> entry.key().value()).toList());
    }

    @Test
    void concurrentUploadsOfTheSameBytesAllEndUpOnOneBinary() throws Exception {
        int uploads = 4;
        List<StoredContent> contents = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            contents.add(upload("upload-" + i));
        }
        CyclicBarrier start = new CyclicBarrier(uploads);
        ExecutorService threads = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<BinaryKey>> adopted = new ArrayList<>();
            for (StoredContent content : contents) {
                adopted.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return persistence.transactions().inTransactionRetryingOnce(() -> releaser.adopt(content));
                }));
            }
            Set<BinaryKey> keys = ConcurrentHashMap.newKeySet();
            for (Future<BinaryKey> key : adopted) {
                keys.add(key.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, keys.size(), "every upload adopted the same binary: " + keys);
            assertEquals(1, count("stored_binary"));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The last image lets go of a binary while an upload of the same bytes adopts it for another
     * image, many times over: whichever wins, every image ends up on a binary that is recorded and
     * still in the store.
     */
    @Test
    void aReleaseRacingAnUploadOfTheSameBytesNeverLeavesAnImageWithoutItsBinary() throws Exception {
        for (int round = 0; round < 20; round++) {
            FirmwareImage leaving = existingImage(type, "1.0." + round, T0);
            StoredContent first = upload("first-" + round);
            BinaryKey firstKey = inTransaction(() -> releaser.adopt(first));
            leaving.attachBinary(binary(firstKey));
            inTransaction(() -> persistence.firmwareImages().update(leaving));
            FirmwareImage arriving = existingImage(type, "2.0." + round, T0);
            StoredContent second = upload("second-" + round);

            List<Throwable> outcomes = race(
                    bothReady -> {
                        bothReady.run();
                        FirmwareImage copy = persistence.firmwareImages().find(PROJECT, leaving.id()).orElseThrow();
                        copy.detachBinary();
                        persistence.firmwareImages().update(copy);
                    },
                    bothReady -> {
                        bothReady.run();
                        BinaryKey key = releaser.adopt(second);
                        FirmwareImage copy = persistence.firmwareImages().find(PROJECT, arriving.id()).orElseThrow();
                        copy.attachBinary(binary(key));
                        persistence.firmwareImages().update(copy);
                    });
            assertEquals(java.util.Arrays.asList(null, null), outcomes);
            // What the use cases do after their commits.
            releaser.releaseIfUnreferenced(firstKey);
            BinaryKey used = reload(arriving).storedBinary().orElseThrow().key();
            if (!used.equals(second.key())) {
                releaser.discard(second.key());
            }

            assertTrue(inTransaction(() -> persistence.storedBinaries().contains(used)), "round " + round);
            assertTrue(store.exists(used), "round " + round + ": the binary the image uses is in the store");
            assertEquals(1, count("stored_binary"));
            inTransaction(() -> persistence.firmwareImages().remove(reload(arriving)));
            releaser.releaseIfUnreferenced(used);
            assertEquals(0, count("stored_binary"));
            assertEquals(Set.of(), store.keys);
        }
    }

    private static Artifact.StoredBinary binary(BinaryKey key) {
        return new Artifact.StoredBinary(key, "fw.bin", 42, SHA1, BYTES);
    }

    /** The store, reduced to which keys it holds: these tests are about the catalogue. */
    private static final class KeysInStore implements BinaryStore {
        final Set<BinaryKey> keys = ConcurrentHashMap.newKeySet();

        @Override
        public StoredContent store(InputStream content, long maxBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream open(BinaryKey key, long offset, long length) {
            if (!keys.contains(key)) {
                throw new NotFoundException(NotFoundException.Subject.BINARY, key.value());
            }
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public Optional<org.firmament.application.port.out.LocalFile> openLocalFile(BinaryKey key) {
            open(key, 0, 0);
            return Optional.empty();
        }

        @Override
        public void delete(BinaryKey key) {
            keys.remove(key);
        }

        @Override
        public boolean exists(BinaryKey key) {
            return keys.contains(key);
        }

        @Override
        public void forEachStoredBefore(Instant cutoff, Consumer<BinaryKey> action) {
            List.copyOf(keys).forEach(action);
        }

        @Override
        public int removeAbandonedUploads(Instant cutoff) {
            return 0;
        }

        @Override
        public java.util.Optional<java.net.URI> presignedGet(BinaryKey key, String contentDisposition,
                java.time.Duration lifetime) {
            return Optional.empty();
        }

        @Override
        public void checkReachable() {
        }
    }
}
