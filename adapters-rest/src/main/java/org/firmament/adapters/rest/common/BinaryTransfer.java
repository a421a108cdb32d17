package org.firmament.adapters.rest.common;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.firmament.adapters.rest.metrics.DownloadMetrics;
import org.firmament.application.port.in.BinaryContent;
import org.firmament.application.port.out.ServiceUnavailableException;

/**
 * REST adapter: the body of a download, as the entity of its answer: the opened bytes (a stream,
 * or a region of a local file that may be sent as it is) and the meters they feed. The server sends
 * it without holding a thread while the client is slow (bootstrap takes it from Jersey, see
 * docs/architecture.md); where nothing does, Jersey writes it with {@link BinaryTransferWriter},
 * blocking. Whoever sends it counts each byte handed to the connection with {@link #sent} and
 * closes it once, whatever happened; it is a download in flight from its creation to then.
 */
public final class BinaryTransfer implements Closeable {

    /** Large enough that a gigabyte is not dominated by per-call overhead; small enough to prefetch. */
    public static final int CHUNK_BYTES = 64 * 1024;

    private final BinaryContent content;
    private final DownloadMetrics metrics;
    private final String description;
    private final InputStream source;
    private byte[] prefetched;
    private final int prefetchedLength;
    private int prefetchedPosition;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Takes {@code content} over (closes it when this is closed, or now if this throws). A stream's
     * first chunk is read at once, so that a binary that small, found not to match its record, is
     * refused with the surface's 503 before anything is sent.
     *
     * @throws ServiceUnavailableException when the first chunk fails its check or cannot be read
     */
    public BinaryTransfer(BinaryContent content, DownloadMetrics metrics, String description) {
        this.content = Objects.requireNonNull(content);
        this.metrics = Objects.requireNonNull(metrics);
        this.description = Objects.requireNonNull(description);
        this.source = content.asStream();
        if (content instanceof BinaryContent.Streamed) {
            byte[] first = new byte[(int) Math.min(CHUNK_BYTES, content.length())];
            int filled = 0;
            try {
                int n;
                while (filled < first.length && (n = source.read(first, filled, first.length - filled)) >= 0) {
                    filled += n;
                }
            } catch (IOException e) {
                closeContent();
                throw new ServiceUnavailableException("cannot read " + description + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeContent();
                throw e;
            }
            this.prefetched = first;
            this.prefetchedLength = filled;
        } else {
            this.prefetched = new byte[0];
            this.prefetchedLength = 0;
        }
        metrics.started();
    }

    /** What is sent, for log lines: the binary and the range. */
    public String description() {
        return description;
    }

    /** The bytes to send: the answer's {@code Content-Length}. */
    public long length() {
        return content.length();
    }

    /** The file region to send as it is, when the bytes are one; otherwise read them with {@link #read}. */
    public Optional<BinaryContent.FileRegion> fileRegion() {
        return content instanceof BinaryContent.FileRegion region ? Optional.of(region) : Optional.empty();
    }

    /**
     * The next bytes into {@code buffer}, -1 at the end; the caller counts what it hands on with {@link #sent}.
     *
     * @throws IOException when reading fails
     * @throws ServiceUnavailableException when the bytes turn out not to match their record: the answer must
     *     break off short of its length
     */
    public int read(byte[] buffer) throws IOException {
        if (prefetchedPosition < prefetchedLength) {
            int n = Math.min(buffer.length, prefetchedLength - prefetchedPosition);
            System.arraycopy(prefetched, prefetchedPosition, buffer, 0, n);
            prefetchedPosition += n;
            if (prefetchedPosition == prefetchedLength) {
                // A slow download holds nothing it no longer needs.
                prefetched = null;
            }
            return n;
        }
        return source.read(buffer, 0, buffer.length);
    }

    /** Counts {@code count} bytes handed to the client's connection. */
    public void sent(long count) {
        sent.addAndGet(count);
        metrics.written(count);
    }

    /** Bytes handed to the client's connection so far. */
    public long sentSoFar() {
        return sent.get();
    }

    /** Writes every byte to {@code out}, blocking, then closes this, also when the client goes away. */
    public void copyTo(OutputStream out) throws IOException {
        try (this) {
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                sent(n);
            }
        }
    }

    /** Ends the download: closes the bytes and leaves the in-flight count; only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            metrics.finished();
            closeContent();
        }
    }

    private void closeContent() {
        try {
            content.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing is left to do with bytes that cannot even be closed.
        }
    }
}
