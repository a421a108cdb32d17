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

    /**
     * Runs {@code action} as the last work of the transaction open on this thread, right before it
     * commits, and once per {@code name} however often it is asked; several run in the order of
     * their names. For writes of rows that many transactions share (a one-row change counter):
     * their lock is then taken last and once, in the same order by every transaction on every
     * instance, so two transactions writing other rows in opposite orders cannot also deadlock on
     * them, and nobody waits for such a row while the rest of a transaction is still under way.
     * The action is part of the transaction: its writes commit with it, a transaction that rolls
     * back never runs it, and an action that fails rolls the transaction back and its failure
     * propagates from the outermost {@link #inTransaction}. With no transaction open, it runs now
     * in a transaction of its own.
     */
    default void beforeCommit(String name, Runnable action) {
        run(action);
    }

    /**
     * Runs {@code action} once the transaction open on this thread has ended, committed or rolled
     * back (a nested call's: the outermost one's), in the order asked; with none open, runs it now.
     * For what belongs after the outcome is visible to every other thread: forgetting what a reader
     * on this instance may have remembered of the state before the commit while the transaction
     * was still under way. The action runs outside any transaction and must not fail.
     */
    default void afterTransaction(Runnable action) {
        action.run();
    }

    /**
     * Runs {@code action} once the transaction open on this thread has committed (a nested call's:
     * the outermost one's), never when it rolled back or its commit failed; with none open, runs
     * it now. The default suits a boundary that holds no transaction open across calls. For what
     * may only be believed once the commit is certain, such as that a shared counter now holds the
     * value this transaction wrote. The action runs outside any transaction and must not fail.
     */
    default void afterCommit(Runnable action) {
        action.run();
    }

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
