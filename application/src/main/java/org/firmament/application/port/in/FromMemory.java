package org.firmament.application.port.in;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.firmament.application.port.out.TransactionBoundary;

/**
 * In-port: runs a use case on a thread that must never wait for the database (an HTTP selector
 * thread, which serves many connections): every remembered value it needs must be in memory, and
 * the first one that is not ends the attempt, before anything is looked up. The caller then runs
 * the use case again where it may wait (a worker thread).
 *
 * <p>The services' caches ask {@link #mayWait()} before a lookup, and every transaction the
 * services open goes through {@link #guard}, so a database wait on such a thread cannot happen
 * whatever path the use case takes.
 */
public final class FromMemory {

    /** Thrown inside an attempt where a value would have to be looked up; never seen by callers of {@link #attempt}. */
    public static final class NotRemembered extends RuntimeException {
        private static final NotRemembered INSTANCE = new NotRemembered();

        private NotRemembered() {
            super("not remembered", null, false, false);
        }
    }

    private static final ThreadLocal<Boolean> ONLY = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private FromMemory() {
    }

    /**
     * What {@code work} answers when everything it needs is remembered; empty when it would have
     * had to look something up (its other effects so far, such as noting a device as seen, stay).
     */
    public static <T> Optional<T> attempt(Supplier<T> work) {
        if (ONLY.get()) {
            return Optional.ofNullable(work.get());
        }
        ONLY.set(Boolean.TRUE);
        try {
            return Optional.ofNullable(work.get());
        } catch (NotRemembered missing) {
            return Optional.empty();
        } finally {
            ONLY.set(Boolean.FALSE);
        }
    }

    /** Whether this thread is inside an {@link #attempt}. */
    public static boolean only() {
        return ONLY.get();
    }

    /** Before a lookup: ends an {@link #attempt} ({@link NotRemembered}); does nothing elsewhere. */
    public static void mayWait() {
        if (ONLY.get()) {
            throw NotRemembered.INSTANCE;
        }
    }

    /** {@code transactions} that refuse to open inside an {@link #attempt}: the guarantee behind it. */
    public static TransactionBoundary guard(TransactionBoundary transactions) {
        Objects.requireNonNull(transactions);
        return new TransactionBoundary() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                mayWait();
                return transactions.inTransaction(work);
            }

            @Override
            public <T> T inTransactionRetryingOnce(Supplier<T> work) {
                mayWait();
                return transactions.inTransactionRetryingOnce(work);
            }

            @Override
            public void beforeCommit(String name, Runnable action) {
                mayWait();
                transactions.beforeCommit(name, action);
            }

            @Override
            public void afterTransaction(Runnable action) {
                transactions.afterTransaction(action);
            }

            @Override
            public void afterCommit(Runnable action) {
                transactions.afterCommit(action);
            }
        };
    }
}
