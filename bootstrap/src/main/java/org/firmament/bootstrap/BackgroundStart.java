package org.firmament.bootstrap;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Bootstrap: one part of the start-up built on its own thread while the caller builds the rest.
 * Its failure reaches the caller unchanged from {@link #await}, so a failed start reads the same
 * whichever thread failed; a part that started while the caller failed is closed again.
 */
final class BackgroundStart<T extends AutoCloseable> {

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final long began = System.nanoTime();
    private volatile long tookMillis = -1;

    private BackgroundStart() {
    }

    /** Starts building with {@code part} on a new daemon thread named {@code threadName}. */
    static <T extends AutoCloseable> BackgroundStart<T> begin(String threadName, Supplier<T> part) {
        BackgroundStart<T> start = new BackgroundStart<>();
        Thread thread = new Thread(() -> {
            try {
                T built = part.get();
                start.tookMillis = (System.nanoTime() - start.began) / 1_000_000;
                start.result.complete(built);
            } catch (RuntimeException | Error failure) {
                start.result.completeExceptionally(failure);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /** The part, once built; throws what building it threw. */
    T await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** How long building the part took, in milliseconds; -1 until it is built. */
    long tookMillis() {
        return tookMillis;
    }

    /** The part if it is built already; empty while it is being built or when it failed. */
    Optional<T> started() {
        return result.isDone() && !result.isCompletedExceptionally() ? Optional.of(result.join()) : Optional.empty();
    }

    /**
     * For a start that failed elsewhere: waits until the part is built, then closes it; nothing to do
     * when building it failed.
     */
    void closeWhenStarted() {
        T part;
        try {
            part = await();
        } catch (RuntimeException | Error failure) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            // The start failed for another reason, which the caller reports; this one would only hide it.
        }
    }
}
