package org.firmament.application.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.firmament.application.port.in.BinaryContent;
import org.firmament.application.port.in.BinaryIntegrityUseCase;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.LocalFile;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.StoredBinaryRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;

/**
 * Use cases: keep the binary store true to the catalogue. Checks bytes against their recorded
 * SHA-256 (while a download streams them, and in a verification run over the whole store), marks
 * and reports the ones that differ, and sweeps away what crashed or failed uploads left behind.
 *
 * <p>It also decides how a download's bytes are read ({@link #content}): a local file whose
 * current version this instance has read whole and found matching is sent as it is (zero-copy);
 * any other whole binary is streamed and hashed, which makes its file such a version. Bytes that
 * change without changing the file's version (bit rot) are left to the verification runs.
 */
public final class BinaryIntegrityService implements BinaryIntegrityUseCase {

    private static final System.Logger LOG = System.getLogger(BinaryIntegrityService.class.getName());
    private static final int PAGE = 100;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Beyond this many remembered files, the memory starts afresh: a file forgotten is only hashed once more. */
    static final int HASHED_FILES_LIMIT = 100_000;

    /** What an orphan sweep removed: remains of unfinished uploads, and finished binaries no entry refers to. */
    public record SweepReport(int abandonedUploads, int orphans) {
    }

    private final TransactionBoundary transactions;
    private final StoredBinaryRepository catalogue;
    private final FirmwareImageRepository images;
    private final BinaryStore store;
    private final Clock clock;
    private final AtomicLong corruptFindings = new AtomicLong();
    private final AtomicLong orphansRemoved = new AtomicLong();
    private final ConcurrentMap<BinaryKey, LocalFile.Version> hashedFiles = new ConcurrentHashMap<>();

    public BinaryIntegrityService(TransactionBoundary transactions, StoredBinaryRepository catalogue,
                                  FirmwareImageRepository images, BinaryStore store, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.catalogue = Objects.requireNonNull(catalogue);
        this.images = Objects.requireNonNull(images);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<CorruptBinary> corruptBinaries() {
        return transactions.inTransaction(() -> catalogue.listCorrupt().stream()
                .map(entry -> new CorruptBinary(entry.key(), entry.sha256(), entry.size(),
                        entry.corruptSince().orElseThrow(), images.listByBinary(entry.key()).stream()
                        .map(image -> new ImageRef(image.projectId(), image.id())).toList()))
                .toList());
    }

    @Override
    public VerificationReport verifyAll(Actor actor) {
        LOG.log(System.Logger.Level.INFO, "verification of every stored binary started by " + actor);
        int checked = 0;
        List<BinaryKey> corrupt = new ArrayList<>();
        Optional<BinaryKey> after = Optional.empty();
        List<StoredBinaryRepository.Entry> page;
        do {
            Optional<BinaryKey> from = after;
            page = transactions.inTransaction(() -> catalogue.listAfter(from, PAGE));
            for (StoredBinaryRepository.Entry entry : page) {
                checked++;
                if (!verify(entry)) {
                    corrupt.add(entry.key());
                }
                after = Optional.of(entry.key());
            }
        } while (page.size() == PAGE);
        LOG.log(System.Logger.Level.INFO, "verification read " + checked + " binaries, " + corrupt.size()
                + " corrupt");
        return new VerificationReport(checked, corrupt);
    }

    /** Reads one binary whole; true when it matches its entry. A store that cannot be reached is not a finding. */
    private boolean verify(StoredBinaryRepository.Entry entry) {
        AtomicInteger mismatches = new AtomicInteger();
        try (InputStream in = openVerifying(entry, finding -> {
            mismatches.incrementAndGet();
            reportCorrupt(entry.key(), "verification: " + finding);
        })) {
            byte[] buffer = new byte[BUFFER_BYTES];
            while (in.read(buffer) >= 0) {
                // Reading is the check.
            }
        } catch (NotFoundException missing) {
            // A release may have removed it since the page was read; only a listed binary is missing.
            if (transactions.inTransaction(() -> catalogue.contains(entry.key()))) {
                reportCorrupt(entry.key(), "verification: it is missing from the store");
                return false;
            }
            return true;
        } catch (ServiceUnavailableException e) {
            if (mismatches.get() > 0) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new ServiceUnavailableException("reading binary " + entry.key() + " failed: " + e, e);
        }
        transactions.run(() -> catalogue.markVerified(entry.key(), clock.now()));
        return true;
    }

    /** The whole binary, checked as it is read; a local file's version is remembered when it matches. */
    private InputStream openVerifying(StoredBinaryRepository.Entry entry, VerifyingInputStream.MismatchHandler onMismatch) {
        Optional<LocalFile> file = store.openLocalFile(entry.key());
        if (file.isEmpty()) {
            return new VerifyingInputStream(store.open(entry.key()), entry.size(), entry.sha256(), onMismatch);
        }
        return new VerifyingInputStream(Channels.newInputStream(file.get().channel()), entry.size(), entry.sha256(),
                onMismatch, () -> rememberHashed(entry.key(), file.get().version()));
    }

    /**
     * What a download of {@code length} bytes of {@code binary} from {@code offset} sends (the caller
     * checked that the binary is not marked corrupt). A whole binary is streamed and checked against
     * its record (a mismatch is reported and ends the stream with an error before its last byte),
     * unless it is a local file whose current version was read whole and matched on this instance
     * since it last changed: that one is sent as it is. A range is never checked (it cannot be), so
     * a local file's range is always sent as it is.
     */
    BinaryContent content(Artifact.StoredBinary binary, long offset, long length) {
        long available = Math.max(0, Math.min(length, binary.size() - offset));
        boolean whole = offset == 0 && available == binary.size();
        Optional<LocalFile> file = store.openLocalFile(binary.key());
        if (file.isEmpty()) {
            if (whole) {
                return new BinaryContent.Streamed(new VerifyingInputStream(store.open(binary.key()), binary.size(),
                        binary.sha256(), finding -> reportCorrupt(binary.key(), "download: " + finding)), available);
            }
            return new BinaryContent.Streamed(store.open(binary.key(), offset, available), available);
        }
        LocalFile local = file.get();
        if (!whole || local.version().equals(hashedFiles.get(binary.key()))) {
            return new BinaryContent.FileRegion(local.channel(), offset, available);
        }
        InputStream verified = new VerifyingInputStream(Channels.newInputStream(local.channel()),
                binary.size(), binary.sha256(), finding -> reportCorrupt(binary.key(), "download: " + finding),
                () -> rememberHashed(binary.key(), local.version()));
        return new BinaryContent.Streamed(verified, available);
    }

    private void rememberHashed(BinaryKey key, LocalFile.Version version) {
        if (hashedFiles.size() >= HASHED_FILES_LIMIT) {
            hashedFiles.clear();
        }
        hashedFiles.put(key, version);
    }

    /** {@code binary} with whether it was found corrupt; call inside the transaction that looked it up. */
    DownloadableBinary downloadable(Artifact.StoredBinary binary) {
        return downloadable(catalogue, binary);
    }

    /** {@code binary} with whether {@code catalogue} marks it corrupt; for every service that looks binaries up. */
    static DownloadableBinary downloadable(StoredBinaryRepository catalogue, Artifact.StoredBinary binary) {
        return new DownloadableBinary(binary,
                catalogue.find(binary.key()).flatMap(StoredBinaryRepository.Entry::corruptSince).isPresent());
    }

    /** Logs the finding, counts it and marks the binary, so that it is not offered again; never throws. */
    private void reportCorrupt(BinaryKey key, String finding) {
        hashedFiles.remove(key);
        corruptFindings.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "stored binary " + key + " is corrupt (" + finding
                + "); it is no longer served until its images get a new upload");
        try {
            transactions.run(() -> catalogue.markCorrupt(key, clock.now()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not mark binary " + key + " corrupt", e);
        }
    }

    /**
     * Removes what the store holds without an entry: remains of uploads that never finished, and
     * finished binaries that no entry refers to (a crash between storing and recording, or between
     * releasing and deleting). Only what is older than {@code minAge} is touched, so that uploads
     * in flight on this or another instance, not yet recorded, are left alone.
     */
    public SweepReport sweepOrphans(Duration minAge) {
        Instant cutoff = clock.now().minus(minAge);
        int abandoned = store.removeAbandonedUploads(cutoff);
        AtomicInteger orphans = new AtomicInteger();
        store.forEachStoredBefore(cutoff, key -> {
            if (!transactions.inTransaction(() -> catalogue.contains(key))) {
                store.delete(key);
                orphans.incrementAndGet();
            }
        });
        orphansRemoved.addAndGet(orphans.get());
        if (abandoned > 0 || orphans.get() > 0) {
            LOG.log(System.Logger.Level.INFO, "orphan sweep removed " + abandoned + " unfinished upload(s) and "
                    + orphans.get() + " unreferenced binary(ies)");
        }
        return new SweepReport(abandoned, orphans.get());
    }

    /** Corrupt binaries found since start-up (by downloads and verification runs), for the metrics. */
    public long corruptFindings() {
        return corruptFindings.get();
    }

    /** Orphans the sweeps removed since start-up, for the metrics. */
    public long orphansRemoved() {
        return orphansRemoved.get();
    }
}
