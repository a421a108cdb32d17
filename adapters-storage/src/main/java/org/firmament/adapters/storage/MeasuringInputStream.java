package org.firmament.adapters.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.StoredContent;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;

/**
 * Storage adapter: measures an upload (size, SHA-1, SHA-256) and enforces its size limit while a
 * store consumes it, so every store computes these the same way in a single pass.
 *
 * <p>Every failure surfaces from {@code read} as an {@link IOException}, whatever its origin: the
 * libraries that consume the stream (the MinIO client among them) clean up after I/O failures,
 * not after arbitrary runtime exceptions. The store afterwards asks {@link #rethrowInputFailure()}
 * to turn the recorded cause back into the port's exceptions.
 */
final class MeasuringInputStream extends InputStream {

    private final InputStream source;
    private final long maxBytes;
    private final MessageDigest sha1 = newDigest(Digest.Algorithm.SHA1);
    private final MessageDigest sha256 = newDigest(Digest.Algorithm.SHA256);
    private final byte[] single = new byte[1];

    private long count;
    private boolean atEnd;
    private boolean tooLarge;
    private Exception sourceFailure;

    MeasuringInputStream(InputStream source, long maxBytes) {
        this.source = Objects.requireNonNull(source, "content");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxBytes = maxBytes;
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
        if (tooLarge || sourceFailure != null) {
            throw new IOException("the upload already failed");
        }
        if (length == 0) {
            return 0;
        }
        if (atEnd) {
            return -1;
        }
        // Ask for at most one byte more than the limit allows: enough to notice an oversized
        // upload without pulling a whole buffer of bytes nobody will keep.
        long allowed = maxBytes - count;
        int wanted = allowed < length ? (int) allowed + 1 : length;
        int n;
        try {
            n = source.read(buffer, offset, wanted);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        } catch (RuntimeException e) {
            sourceFailure = e;
            throw new IOException("reading the upload failed", e);
        }
        if (n < 0) {
            atEnd = true;
            return -1;
        }
        count += n;
        if (count > maxBytes) {
            tooLarge = true;
            throw new IOException("the upload is larger than " + maxBytes + " bytes");
        }
        sha1.update(buffer, offset, n);
        sha256.update(buffer, offset, n);
        return n;
    }

    /** Leaves the caller's stream open: the port says the store does not close {@code content}. */
    @Override
    public void close() {
    }

    /** Bytes accepted so far. */
    long size() {
        return count;
    }

    /** Whether the upload itself failed (too large, or reading it failed), as opposed to the store. */
    boolean inputFailed() {
        return tooLarge || sourceFailure != null;
    }

    /**
     * Throws the port's exception for a failure of the upload itself; returns normally when the
     * upload was read without trouble, so the caller goes on to report its own failure.
     */
    void rethrowInputFailure() {
        if (tooLarge) {
            throw new BinaryTooLargeException(maxBytes);
        }
        if (sourceFailure instanceof IOException e) {
            throw new UncheckedIOException("reading the upload failed", e);
        }
        if (sourceFailure instanceof RuntimeException e) {
            throw e;
        }
    }

    /** What was measured; only meaningful once the upload was read to its end. */
    StoredContent measured(BinaryKey key) {
        if (!atEnd || inputFailed()) {
            throw new IllegalStateException("the upload was not read to its end");
        }
        return new StoredContent(key, count,
                Digest.of(Digest.Algorithm.SHA1, sha1.digest()),
                Digest.of(Digest.Algorithm.SHA256, sha256.digest()));
    }

    private static MessageDigest newDigest(Digest.Algorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jdkName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + algorithm.jdkName(), e);
        }
    }
}
