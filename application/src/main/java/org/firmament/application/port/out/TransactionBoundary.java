package org.firmament.application.port.out;

import java.util.function.Supplier;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;

/**
 * Out-port: makes one use case one database transaction.
 *
 * <p>{@code work} runs with a transaction open; repositories called inside it take part in it.
 * When {@code work} returns, the transaction commits; when it throws, the transaction rolls back
 * and the exception propagates unchanged. A call made while a transaction is already open on the
 * current thread joins it. A commit that fails because of a concurrent write surfaces as the
 * domain exception the repository contract names (for example a duplicate version); a database
 * that cannot be reached surfaces as {@link ServiceUnavailableException}.
 */
public interface TransactionBoundary {

    <T> T inTransaction(Supplier<T> work);

    /**
     * Like {@link #inTransaction}, and when {@code work} fails because a concurrent transaction
     * created the same thing first ({@link ConcurrentModificationException} or
     * {@link DuplicateVersionException}), runs it once more in a new transaction: the second run
     * finds what the other one created and decides again (and answers a real duplicate as such).
     */
    default <T> T inTransactionRetryingOnce(Supplier<T> work) {
        try {
            return inTransaction(work);
        } catch (ConcurrentModificationException | DuplicateVersionException createdMeanwhile) {
            return inTransaction(work);
        }
    }

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
