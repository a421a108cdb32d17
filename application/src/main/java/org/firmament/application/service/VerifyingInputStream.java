package org.firmament.application.service;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.firmware.Digest;

/**
 * Reads a whole binary and checks it against its recorded size and SHA-256 on the way. The check
 * runs before the read that completes the binary returns, so a reader that forwards bytes as it
 * gets them (a download) never forwards the last ones of a binary that does not match. The
 * mismatch surfaces as {@link ServiceUnavailableException}: a download that has not sent anything
 * yet answers 503, one that has is cut short of its declared length.
 */
final class VerifyingInputStream extends InputStream {

    /** Called once, with what was found, when the bytes do not match. */
    @FunctionalInterface
    interface MismatchHandler {
        void mismatch(String finding);
    }

    private final InputStream source;
    private final long expectedSize;
    private final Digest expectedSha256;
    private final MismatchHandler onMismatch;
    private final Runnable onMatch;
    private final MessageDigest sha256;
    private final byte[] single = new byte[1];
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream source, long expectedSize, Digest expectedSha256, MismatchHandler onMismatch) {
        this(source, expectedSize, expectedSha256, onMismatch, () -> { });
    }

    /** {@code onMatch} runs once, when every byte has been read and matched. */
    VerifyingInputStream(InputStream source, long expectedSize, Digest expectedSha256, MismatchHandler onMismatch,
                         Runnable onMatch) {
        this.onMatch = Objects.requireNonNull(onMatch);
        this.source = Objects.requireNonNull(source);
        this.expectedSize = expectedSize;
        this.expectedSha256 = Objects.requireNonNull(expectedSha256);
        this.onMismatch = Objects.requireNonNull(onMismatch);
        try {
            this.sha256 = MessageDigest.getInstance(Digest.Algorithm.SHA256.jdkName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(single, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (verified) {
            return -1;
        }
        // Never more than the recorded size in one read, so that the check comes before the last byte leaves.
        int wanted = (int) Math.min(length, Math.max(1, expectedSize - count));
        int n = source.read(buffer, offset, wanted);
        if (n < 0) {
            if (count < expectedSize) {
                throw fail("it ends after " + count + " of " + expectedSize + " bytes");
            }
            verify();
            return -1;
        }
        count += n;
        if (count > expectedSize) {
            throw fail("it holds more than the recorded " + expectedSize + " bytes");
        }
        sha256.update(buffer, offset, n);
        if (count == expectedSize) {
            verify();
        }
        return n;
    }

    private void verify() throws IOException {
        Digest measured = Digest.of(Digest.Algorithm.SHA256, sha256.digest());
        if (!measured.equals(expectedSha256)) {
            throw fail("its SHA-256 is " + measured.hex() + ", not the recorded " + expectedSha256.hex());
        }
        verified = true;
        onMatch.run();
    }

    private ServiceUnavailableException fail(String finding) {
        onMismatch.mismatch(finding);
        return new ServiceUnavailableException("The stored binary does not match its record: " + finding, null);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
