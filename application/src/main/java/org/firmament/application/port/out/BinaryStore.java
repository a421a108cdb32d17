package org.firmament.application.port.out;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.util.function.Consumer;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.BinaryKey;

/**
 * Out-port: keeps firmware binaries. Binaries stream through; no implementation holds a whole
 * binary in memory.
 *
 * <p>Binaries and database rows never share a transaction: callers store the binary first, then
 * write the row that refers to it, and delete the binary again if that write fails.
 */
public interface BinaryStore {

    /**
     * Reads {@code content} to its end into a new binary under a new key, computing size, SHA-1
     * and SHA-256 on the way. The write is atomic: readers see the whole binary or nothing, and
     * when this method throws, nothing of the upload remains. Does not close {@code content}.
     *
     * @throws BinaryTooLargeException when more than {@code maxBytes} bytes arrive
     * @throws ServiceUnavailableException when the store cannot be reached
     * @throws java.io.UncheckedIOException when reading {@code content} fails (for example a client went away)
     */
    StoredContent store(InputStream content, long maxBytes);

    /**
     * Opens the binary at {@code key} for reading from byte {@code offset}, for at most
     * {@code length} bytes. The caller closes the stream.
     *
     * @throws NotFoundException with subject {@code BINARY} when there is no binary at {@code key}
     * @throws ServiceUnavailableException when the store cannot be reached
     */
    InputStream open(BinaryKey key, long offset, long length);

    /** Opens the whole binary; see {@link #open(BinaryKey, long, long)}. */
    default InputStream open(BinaryKey key) {
        return open(key, 0, Long.MAX_VALUE);
    }

    /**
     * The binary at {@code key} as a file on this machine, opened for reading, with the version of
     * the file opened, so that it can be sent without copying it through the JVM; empty when the
     * store keeps no local files (S3). The caller closes it.
     *
     * @throws NotFoundException with subject {@code BINARY} when there is no binary at {@code key}
     * @throws ServiceUnavailableException when the file cannot be opened
     */
    Optional<LocalFile> openLocalFile(BinaryKey key);

    /**
     * A URL from which anyone may {@code GET} (with {@code Range}) the binary at {@code key}, straight
     * from the store, without a credential, until {@code lifetime} has passed; the store answers with
     * {@code contentDisposition} as its {@code Content-Disposition} header. Signing is local: the
     * store is not asked whether the binary exists. Empty when the store cannot serve anyone but
     * Firmament (the file system): the bytes then pass through Firmament.
     *
     * @throws ServiceUnavailableException when the URL cannot be signed
     */
    Optional<URI> presignedGet(BinaryKey key, String contentDisposition, Duration lifetime);

    /** Deletes the binary at {@code key}; deleting a missing binary is not an error. */
    void delete(BinaryKey key);

    /**
     * Calls {@code action} with the key of every finished binary that was stored before
     * {@code cutoff}; objects under other names (not written by Firmament) are left out.
     *
     * @throws ServiceUnavailableException when the store cannot be listed
     */
    void forEachStoredBefore(Instant cutoff, Consumer<BinaryKey> action);

    /**
     * Removes the remains of uploads that started before {@code cutoff} and never finished (their
     * process died): partial files, incomplete multipart uploads. Returns how many it removed.
     *
     * @throws ServiceUnavailableException when the store cannot be reached
     */
    int removeAbandonedUploads(Instant cutoff);

    /** Whether a binary exists at {@code key}. */
    boolean exists(BinaryKey key);

    /**
     * Returns normally when the store answers; used by the health check.
     *
     * @throws ServiceUnavailableException otherwise
     */
    void checkReachable();
}
