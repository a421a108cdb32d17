package org.firmament.adapters.storage;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.firmament.application.port.out.ServiceUnavailableException;

/**
 * Storage adapter: remembers that the store could not be reached over the network. While it
 * could not, one call at a time tries again (and, when the store answers anything, ends the
 * outage), and every other call fails at once with {@link ServiceUnavailableException} instead of
 * waiting out the client's timeouts; so a burst of downloads during an outage holds no threads.
 * Failures the store reported itself (an S3 error code) are answers, not outages. Uploads are
 * {@linkplain #observe observed} rather than gated: rare, operator-driven and long, they wait out
 * the timeouts themselves and must not keep downloads waiting behind a probe that streams.
 */
final class OutageGate {

    private final String store;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();

    OutageGate(String store) {
        this.store = store;
    }

    <T> T call(Supplier<T> operation) {
        return call(operation, true);
    }

    /**
     * Runs {@code operation} whatever the gate's state and learns from its outcome: for uploads,
     * which may stream for minutes and so must neither hold the probe nor be refused by it.
     */
    <T> T observe(Supplier<T> operation) {
        return call(operation, false);
    }

    private <T> T call(Supplier<T> operation, boolean gated) {
        boolean probe = false;
        if (gated && unreachable.get()) {
            if (!probing.compareAndSet(false, true)) {
                throw new ServiceUnavailableException(store + " was unreachable a moment ago and another request"
                        + " is finding out whether it is back", null);
            }
            probe = true;
        }
        try {
            T result = operation.get();
            unreachable.set(false);
            return result;
        } catch (ServiceUnavailableException failure) {
            unreachable.set(isNetworkFailure(failure));
            throw failure;
        } catch (RuntimeException answered) {
            // Not found, too large, a broken upload: the store answered, or was never asked.
            unreachable.set(false);
            throw answered;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    private static boolean isNetworkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
