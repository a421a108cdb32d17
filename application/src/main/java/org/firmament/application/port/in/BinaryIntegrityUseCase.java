package org.firmament.application.port.in;

import java.time.Instant;
import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Use cases: find stored binaries whose bytes no longer match their recorded SHA-256. Such a
 * binary is never served (downloads of it answer "unavailable") until it is uploaded again.
 */
public interface BinaryIntegrityUseCase {

    /** An image that uses a binary. */
    record ImageRef(ProjectId projectId, ImageId imageId) {
    }

    /** A binary found corrupt, when it was found, and the images that use it. */
    record CorruptBinary(BinaryKey key, Digest sha256, long size, Instant detectedAt, List<ImageRef> images) {
    }

    /** What a verification run found: binaries read, and the keys of those that did not match. */
    record VerificationReport(int checked, List<BinaryKey> corrupt) {
    }

    /** Every binary found corrupt (by a download or a verification run), first finding first. */
    List<CorruptBinary> corruptBinaries();

    /**
     * Reads every stored binary whole and compares it with its recorded size and SHA-256; marks the
     * ones that differ (or are missing) corrupt and the others verified. Takes as long as reading
     * the whole store.
     */
    VerificationReport verifyAll(Actor actor);
}
