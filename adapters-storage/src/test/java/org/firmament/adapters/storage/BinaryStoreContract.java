package org.firmament.adapters.storage;

import static org.firmament.adapters.storage.TestStreams.MIB;
import static org.firmament.adapters.storage.TestStreams.bytes;
import static org.firmament.adapters.storage.TestStreams.count;
import static org.firmament.adapters.storage.TestStreams.failingAt;
import static org.firmament.adapters.storage.TestStreams.generated;
import static org.firmament.adapters.storage.TestStreams.observedAt;
import static org.firmament.adapters.storage.TestStreams.sha1;
import static org.firmament.adapters.storage.TestStreams.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.StoredContent;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.junit.jupiter.api.Test;

/**
 * Contract test: what every {@link BinaryStore} must do. Each implementation's test extends this
 * class and hands it a fresh, empty store per test.
 */
abstract class BinaryStoreContract {

    /** Bigger than two S3 parts and not a multiple of one, so the last part is a short one. */
    static final long LARGE = 20 * MIB + 12_345;
    static final long NO_LIMIT = Long.MAX_VALUE;

    /** A fresh, empty store, the same instance for the whole test. */
    protected abstract BinaryStore store();

    /** A store whose backing service cannot be reached. */
    protected abstract BinaryStore unreachableStore();

    /** Everything the store keeps anywhere, finished or not (files, objects, incomplete uploads). */
    protected abstract List<String> leftovers() throws Exception;

    /** Keys of the binaries a reader could see right now. */
    protected abstract Set<String> visibleKeys() throws Exception;

    /** Leaves what a process killed mid-upload leaves: a partial file, an incomplete multipart upload. */
    protected abstract void leaveAnUnfinishedUpload() throws Exception;

    @Test
    void givenFinishedBinaries_whenListedBeforeACutoff_thenOnlyThoseStoredBeforeItAreListed() {
        BinaryKey first = store().store(new ByteArrayInputStream(new byte[] {1}), NO_LIMIT).key();
        BinaryKey second = store().store(new ByteArrayInputStream(new byte[] {2}), NO_LIMIT).key();

        Set<BinaryKey> listed = new java.util.HashSet<>();
        store().forEachStoredBefore(java.time.Instant.now().plusSeconds(60), listed::add);
        assertEquals(Set.of(first, second), listed);

        Set<BinaryKey> older = new java.util.HashSet<>();
        store().forEachStoredBefore(java.time.Instant.now().minusSeconds(3600), older::add);
        assertEquals(Set.of(), older);
    }

    @Test
    void givenAnUnfinishedUpload_whenAbandonedUploadsAreRemoved_thenOnlyOnesStartedBeforeTheCutoffGo() throws Exception {
        BinaryKey finished = store().store(new ByteArrayInputStream(new byte[] {1}), NO_LIMIT).key();
        leaveAnUnfinishedUpload();

        assertEquals(0, store().removeAbandonedUploads(java.time.Instant.now().minusSeconds(3600)));
        assertEquals(2, leftovers().size(), "a recent upload may still be in flight: " + leftovers());
        assertEquals(1, store().removeAbandonedUploads(java.time.Instant.now().plusSeconds(60)));
        assertEquals(Set.of(finished.value()), visibleKeys());
        assertEquals(1, leftovers().size(), "only the finished binary is left: " + leftovers());
    }

    @Test
    void givenBytes_whenStoredAndOpened_thenTheSameBytesComeBack() throws IOException {
        byte[] content = "firmware 1.2.3 \u0000\u00ff binary".getBytes(StandardCharsets.ISO_8859_1);

        StoredContent stored = store().store(new ByteArrayInputStream(content), NO_LIMIT);

        try (InputStream in = store().open(stored.key())) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(content.length, stored.size());
    }

    @Test
    void givenAbc_whenStored_thenSizeSha1AndSha256MatchTheKnownVectors() {
        StoredContent stored = store().store(bytes("abc"), NO_LIMIT);

        assertEquals(3, stored.size());
        assertEquals(Digest.sha1("a9993e364706816aba3e25717850c26c9cd0d89d"), stored.sha1());
        assertEquals(Digest.sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), stored.sha256());
    }

    @Test
    void givenEmptyInput_whenStored_thenAnEmptyBinaryWithTheDigestsOfNothing() throws IOException {
        StoredContent stored = store().store(InputStream.nullInputStream(), NO_LIMIT);

        assertEquals(0, stored.size());
        assertEquals(Digest.sha1("da39a3ee5e6b4b0d3255bfef95601890afd80709"), stored.sha1());
        assertEquals(Digest.sha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), stored.sha256());
        assertTrue(store().exists(stored.key()));
        assertEquals("", read(store().open(stored.key())));
        assertEquals("", read(store().open(stored.key(), 0, 5)));
    }

    @Test
    void givenAStreamOfSeveralMegabytes_whenStored_thenItRoundTripsWithMatchingDigests() {
        StoredContent stored = store().store(generated(LARGE, 42), NO_LIMIT);

        assertEquals(LARGE, stored.size());
        assertEquals(Digest.sha1(sha1(generated(LARGE, 42))), stored.sha1());
        assertEquals(Digest.sha256(sha256(generated(LARGE, 42))), stored.sha256());
        assertEquals(stored.sha256().hex(), sha256(store().open(stored.key())));
    }

    @Test
    void givenAnUploadOfExactlyTheLimit_whenStored_thenItIsAccepted() {
        StoredContent stored = store().store(bytes("0123456789"), 10);
        StoredContent empty = store().store(InputStream.nullInputStream(), 0);

        assertEquals(10, stored.size());
        assertTrue(store().exists(stored.key()));
        assertEquals(0, empty.size());
        assertTrue(store().exists(empty.key()));
    }

    @Test
    void givenTheSameBytesTwice_whenStored_thenEachGetsItsOwnKey() {
        StoredContent first = store().store(bytes("same"), NO_LIMIT);
        StoredContent second = store().store(bytes("same"), NO_LIMIT);

        assertNotEquals(first.key(), second.key());
        assertEquals(first.sha256(), second.sha256());
        assertTrue(store().exists(first.key()));
        assertTrue(store().exists(second.key()));
    }

    @Test
    void givenAWindowInsideTheBinary_whenOpened_thenExactlyThoseBytesComeBack() throws IOException {
        BinaryKey key = store().store(bytes("0123456789"), NO_LIMIT).key();

        assertEquals("2345", read(store().open(key, 2, 4)));
        assertEquals("0", read(store().open(key, 0, 1)));
        assertEquals("9", read(store().open(key, 9, 1)));
    }

    @Test
    void givenAWindowRunningPastTheEnd_whenOpened_thenItIsClippedToTheEnd() throws IOException {
        BinaryKey key = store().store(bytes("0123456789"), NO_LIMIT).key();

        assertEquals("6789", read(store().open(key, 6, 100)));
        assertEquals("3456789", read(store().open(key, 3, Long.MAX_VALUE)));
        assertEquals("0123456789", read(store().open(key)));
    }

    @Test
    void givenAnOffsetAtOrPastTheEnd_whenOpened_thenTheStreamIsEmpty() throws IOException {
        BinaryKey key = store().store(bytes("0123456789"), NO_LIMIT).key();

        assertEquals("", read(store().open(key, 10, 5)));
        assertEquals("", read(store().open(key, 11, Long.MAX_VALUE)));
        assertEquals("", read(store().open(key, Long.MAX_VALUE - 1, Long.MAX_VALUE)));
    }

    @Test
    void givenAnEmptyWindow_whenOpened_thenTheStreamIsEmpty() throws IOException {
        BinaryKey key = store().store(bytes("0123456789"), NO_LIMIT).key();

        assertEquals("", read(store().open(key, 4, 0)));
    }

    @Test
    void givenAWindowDeepInALargeBinary_whenOpened_thenOnlyThatWindowIsRead() throws IOException {
        BinaryKey key = store().store(generated(LARGE, 7), NO_LIMIT).key();
        long offset = 9 * MIB + 3;
        byte[] expected = new byte[1000];
        try (InputStream all = generated(LARGE, 7)) {
            all.skipNBytes(offset);
            all.readNBytes(expected, 0, expected.length);
        }

        try (InputStream in = store().open(key, offset, expected.length)) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        assertEquals(LARGE - offset, count(store().open(key, offset, Long.MAX_VALUE)));
    }

    @Test
    void givenANegativeOffsetOrLength_whenOpened_thenIllegalArgument() {
        BinaryKey key = store().store(bytes("abc"), NO_LIMIT).key();

        assertThrows(IllegalArgumentException.class, () -> store().open(key, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> store().open(key, 0, -1));
    }

    @Test
    void givenAnUploadOverTheLimit_whenStored_thenBinaryTooLargeAndNothingRemains() throws Exception {
        BinaryTooLargeException e = assertThrows(BinaryTooLargeException.class,
                () -> store().store(bytes("0123456789A"), 10));

        assertEquals(10, e.limit());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenALargeUploadOverTheLimit_whenStored_thenBinaryTooLargeAndNothingRemains() throws Exception {
        long limit = 12 * MIB;

        BinaryTooLargeException e = assertThrows(BinaryTooLargeException.class,
                () -> store().store(generated(LARGE, 1), limit));

        assertEquals(limit, e.limit());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenAnInputThatFailsMidway_whenStored_thenUncheckedIOExceptionAndNothingRemains() throws Exception {
        IOException clientGone = new IOException("client went away");

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> store().store(failingAt(generated(1000, 1), 500, clientGone), NO_LIMIT));

        assertSame(clientGone, e.getCause());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenALargeInputThatFailsMidway_whenStored_thenUncheckedIOExceptionAndNothingRemains() throws Exception {
        IOException clientGone = new IOException("client went away");

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> store().store(failingAt(generated(LARGE, 1), 10 * MIB, clientGone), NO_LIMIT));

        assertSame(clientGone, e.getCause());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenAnInputThatThrowsARuntimeException_whenStored_thenThatExceptionAndNothingRemains() throws Exception {
        IllegalStateException broken = new IllegalStateException("broken input");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store().store(failingAt(generated(LARGE, 1), 10 * MIB, broken), NO_LIMIT));

        assertSame(broken, e);
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenAnUploadInProgress_whenAReaderLooks_thenNoBinaryIsVisibleUntilStoreReturns() throws Exception {
        List<Set<String>> seenMidway = new ArrayList<>();
        InputStream upload = observedAt(generated(LARGE, 3), 12 * MIB, () -> {
            try {
                seenMidway.add(visibleKeys());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        StoredContent stored = store().store(upload, NO_LIMIT);

        assertEquals(List.of(Set.of()), seenMidway);
        assertEquals(Set.of(stored.key().value()), visibleKeys());
        assertTrue(store().exists(stored.key()));
    }

    @Test
    void givenNoBinaryAtAKey_whenOpened_thenNotFoundWithSubjectBinary() {
        BinaryKey missing = BinaryKey.of("no-such-binary");

        NotFoundException e = assertThrows(NotFoundException.class, () -> store().open(missing));
        NotFoundException windowed = assertThrows(NotFoundException.class, () -> store().open(missing, 5, 0));

        assertEquals(NotFoundException.Subject.BINARY, e.subject());
        assertEquals("no-such-binary", e.id());
        assertEquals(NotFoundException.Subject.BINARY, windowed.subject());
    }

    @Test
    void givenNoBinaryAtAKey_whenAskedWhetherItExists_thenFalse() {
        assertFalse(store().exists(BinaryKey.of("no-such-binary")));
    }

    @Test
    void givenAStoredBinary_whenAskedWhetherItExists_thenTrue() {
        BinaryKey key = store().store(bytes("abc"), NO_LIMIT).key();

        assertTrue(store().exists(key));
    }

    @Test
    void givenAStoredBinary_whenDeletedTwice_thenItIsGoneAndTheSecondDeleteIsNoError() throws Exception {
        BinaryKey key = store().store(bytes("abc"), NO_LIMIT).key();

        store().delete(key);
        store().delete(key);

        assertFalse(store().exists(key));
        assertThrows(NotFoundException.class, () -> store().open(key));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void givenNoBinaryAtAKey_whenDeleted_thenNoError() {
        store().delete(BinaryKey.of("never-stored"));
    }

    @Test
    void givenAWorkingStore_whenCheckedForReachability_thenItPasses() {
        store().checkReachable();
    }

    @Test
    void givenAnUnreachableStore_whenCheckedForReachability_thenServiceUnavailable() {
        assertThrows(ServiceUnavailableException.class, () -> unreachableStore().checkReachable());
    }

    @Test
    void givenAnUnreachableStore_whenUsed_thenEveryOperationFailsWithServiceUnavailable() {
        BinaryStore unreachable = unreachableStore();
        BinaryKey key = BinaryKey.of("some-binary");

        assertThrows(ServiceUnavailableException.class, () -> unreachable.store(bytes("abc"), NO_LIMIT));
        assertThrows(ServiceUnavailableException.class, () -> unreachable.open(key));
        assertThrows(ServiceUnavailableException.class, () -> unreachable.exists(key));
        assertThrows(ServiceUnavailableException.class, () -> unreachable.delete(key));
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void givenAStoreThatPresigns_whenAUrlIsSigned_thenAnyoneGetsTheBytesAndRangesFromItWithoutACredential()
            throws Exception {
        byte[] content = "presigned firmware bytes".getBytes(StandardCharsets.US_ASCII);
        StoredContent stored = store().store(new ByteArrayInputStream(content), NO_LIMIT);
        java.util.Optional<URI> signed = store().presignedGet(stored.key(), "attachment; filename=\"fw.bin\"",
                Duration.ofMinutes(5));
        if (signed.isEmpty()) {
            assertEquals(java.util.Optional.empty(), store().presignedGet(stored.key(), "attachment",
                    Duration.ofMinutes(1)), "a store that cannot presign says so for every key");
            return;
        }
        URI url = signed.get();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        assertEquals("attachment; filename=\"fw.bin\"", whole.headers().firstValue("Content-Disposition").orElse(null));
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("firmware bytes", new String(part.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void givenAStoreThatPresigns_whenTheUrlIsAltered_thenTheStoreRefusesIt() throws Exception {
        StoredContent stored = store().store(bytes("abc"), NO_LIMIT);
        StoredContent other = store().store(bytes("def"), NO_LIMIT);
        java.util.Optional<URI> signed = store().presignedGet(stored.key(), "attachment", Duration.ofMinutes(5));
        if (signed.isEmpty()) {
            return;
        }
        String url = signed.get().toString();

        URI altered = URI.create(url.replace(stored.key().value(), other.key().value()));

        HttpResponse<byte[]> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(altered).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, refused.statusCode());
    }
}
