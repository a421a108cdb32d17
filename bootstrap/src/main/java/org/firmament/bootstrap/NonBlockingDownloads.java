package org.firmament.bootstrap;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.firmament.adapters.rest.common.BinaryTransfer;
import org.firmament.application.port.in.BinaryContent;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.FileChunk;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.http.io.OutputBuffer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: sends the body of every download ({@link BinaryTransfer}) without a thread waiting on
 * the client. Jersey answers the request as usual (status and headers, errors in the surface's
 * format) but without the body: {@link Diverter} takes the transfer out of the answer. Once Jersey
 * is done, {@link HotPathHandler} calls {@link #sendDiverted}, which suspends the Grizzly response
 * and writes the body as the connection can take it: a file region in one zero-copy write
 * ({@code FileChannel.transferTo}, sendfile) that the selector threads carry on; a stream a chunk at
 * a time, each when the connection has room ({@link OutputBuffer#notifyCanWrite}), on a worker
 * thread that returns to the pool in between. A client whose connection takes nothing for the
 * stall limit ({@link #STALL_LIMIT} unless a test sets another) is disconnected.
 */
final class NonBlockingDownloads {

    /**
     * How long a download may go without its connection taking a byte. Generous: a slow client
     * behind a large socket buffer (megabytes on loopback) takes nothing new for minutes while it
     * drains what the kernel already holds. The watch looks once per limit, so a stalled client is
     * cut off between one and two limits after its last byte.
     */
    static final Duration STALL_LIMIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(NonBlockingDownloads.class);
    private static final String DIVERTED = NonBlockingDownloads.class.getName() + ".transfer";
    /** One daemon thread looks at every download's progress once per stall limit. */
    private static final ScheduledExecutorService STALL_WATCH = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "firmament-download-stall-watch");
        thread.setDaemon(true);
        return thread;
    });
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(
            () -> new byte[BinaryTransfer.CHUNK_BYTES]);

    private NonBlockingDownloads() {
    }

    /**
     * Jersey: moves a download's body from the answer into a request property, so that Jersey
     * writes the status and headers (its {@code Content-Length} included) and nothing else. Runs
     * after every other response filter.
     */
    @Priority(Priorities.USER * 10)
    static final class Diverter implements ContainerResponseFilter {

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getEntity() instanceof BinaryTransfer transfer) {
                request.setProperty(DIVERTED, transfer);
                response.setEntity(null);
            }
        }
    }

    /**
     * Grizzly, after Jersey answered: sends the body {@link Diverter} took, if there is one,
     * disconnecting a connection that takes nothing for {@code stallLimit}.
     */
    static void sendDiverted(Request request, Response response, Duration stallLimit) {
        if (!(request.getAttribute(DIVERTED) instanceof BinaryTransfer transfer)) {
            return;
        }
        request.removeAttribute(DIVERTED);
        int status = response.getStatus();
        if ((status != 200 && status != 206) || HttpMethod.HEAD.equals(request.getMethod().getMethodString())) {
            transfer.close();
            return;
        }
        new Sender(transfer, stallLimit, request, response).start();
    }

    /** Closes a body taken from Jersey that will not be sent (Jersey failed after the diverter ran). */
    static void discardDiverted(Request request) {
        if (request.getAttribute(DIVERTED) instanceof BinaryTransfer transfer) {
            request.removeAttribute(DIVERTED);
            transfer.close();
        }
    }

    /** One body on its way: its callbacks run on whichever thread Grizzly calls them, one at a time. */
    private static final class Sender implements WriteHandler, CompletionHandler<WriteResult> {

        private final BinaryTransfer transfer;
        private final Duration stallLimit;
        private final Request request;
        private final Response response;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile long sentAtLastLook;
        private volatile ScheduledFuture<?> stallWatch;

        Sender(BinaryTransfer transfer, Duration stallLimit, Request request, Response response) {
            this.transfer = transfer;
            this.stallLimit = stallLimit;
            this.request = request;
            this.response = response;
        }

        void start() {
            try {
                // No Grizzly suspend timeout: a timed-out response object, recycled, failed its next suspend.
                response.suspend();
                stallWatch = STALL_WATCH.scheduleWithFixedDelay(this::lookForProgress, stallLimit.toMillis(),
                        stallLimit.toMillis(), TimeUnit.MILLISECONDS);
                Optional<BinaryContent.FileRegion> region = transfer.fileRegion();
                if (region.isPresent() && response.isSendFileEnabled()) {
                    // The headers first, then the file in one write the selector threads carry on.
                    response.getOutputBuffer().flush();
                    request.getContext().write(new RegionChunk(region.get(), transfer), this);
                } else {
                    response.getOutputBuffer().notifyCanWrite(this);
                }
            } catch (Exception | Error e) {
                end(e);
            }
        }

        /** Streams as much as the connection takes now, then asks to be called again when it has room. */
        @Override
        public void onWritePossible() {
            OutputBuffer out = response.getOutputBuffer();
            byte[] buffer = BUFFERS.get();
            try {
                while (out.canWrite()) {
                    int n = transfer.read(buffer);
                    if (n < 0) {
                        end(null);
                        return;
                    }
                    // Copied by Grizzly when the connection cannot take it all now: the buffer is free again.
                    out.write(buffer, 0, n);
                    transfer.sent(n);
                }
                out.notifyCanWrite(this);
            } catch (Exception | Error e) {
                end(e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            end(failure);
        }

        @Override
        public void completed(WriteResult result) {
            end(null);
        }

        @Override
        public void failed(Throwable failure) {
            end(failure);
        }

        @Override
        public void cancelled() {
            end(new IOException("the transfer was cancelled"));
        }

        @Override
        public void updated(WriteResult result) {
            // Progress is counted by the chunk itself.
        }

        /** A client still taking bytes is left alone; one whose connection took nothing since the last look is cut off. */
        private void lookForProgress() {
            long sent = transfer.sentSoFar();
            if (sent > sentAtLastLook || ended.get()) {
                sentAtLastLook = sent;
                return;
            }
            LOG.info("download of {} stopped: its connection took nothing for {} s ({} of {} bytes sent)",
                    transfer.description(), stallLimit.toMillis() / 1000.0, sent, transfer.length());
            end(new IOException("stalled"));
        }

        /**
         * Ends the transfer once: a complete one finishes the response; after a failure the
         * connection is closed, so that the client sees an answer shorter than its
         * {@code Content-Length}, never a complete-looking one.
         */
        private void end(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> watch = stallWatch;
            if (watch != null) {
                watch.cancel(false);
            }
            transfer.close();
            if (failure != null) {
                String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
                if (failure instanceof IOException) {
                    // A client that went away: expected with devices on poor links, and no fault of ours.
                    LOG.debug("download of {} ended after {} of {} bytes: {}", transfer.description(),
                            transfer.sentSoFar(), transfer.length(), reason);
                } else {
                    LOG.warn("download of {} broken off after {} of {} bytes: {}", transfer.description(),
                            transfer.sentSoFar(), transfer.length(), reason);
                }
                request.getContext().getConnection().closeSilently();
            }
            try {
                response.resume();
            } catch (RuntimeException e) {
                LOG.debug("finishing the download of {} after its end: {}", transfer.description(), e.toString());
            }
        }
    }

    /** A file region as Grizzly's write queue takes it: each write hands what the socket takes to {@code transferTo}. */
    private static final class RegionChunk implements FileChunk {

        private final FileChannel channel;
        private final BinaryTransfer transfer;
        private long position;
        private long remaining;

        RegionChunk(BinaryContent.FileRegion region, BinaryTransfer transfer) {
            this.channel = region.channel();
            this.transfer = transfer;
            this.position = region.offset();
            this.remaining = region.length();
        }

        @Override
        public long writeTo(WritableByteChannel target) throws IOException {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            long written = channel.transferTo(position, remaining, target);
            if (written == 0 && position >= channel.size()) {
                throw new IOException("the file ends " + remaining + " bytes before its recorded size");
            }
            position += written;
            remaining -= written;
            transfer.sent(written);
            return written;
        }

        @Override
        public boolean hasRemaining() {
            return remaining > 0;
        }

        @Override
        public int remaining() {
            return (int) Math.min(remaining, Integer.MAX_VALUE);
        }

        @Override
        public boolean release() {
            // The transfer owns the channel and closes it when it ends.
            return true;
        }

        @Override
        public boolean isExternal() {
            return false;
        }
    }
}
