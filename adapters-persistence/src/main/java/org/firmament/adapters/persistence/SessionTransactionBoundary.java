package org.firmament.adapters.persistence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.ConcurrentModificationException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * Persistence adapter: the transaction boundary. The outermost call opens one Hibernate session
 * and one JDBC transaction and binds them to the calling thread; nested calls and the
 * repositories use that session.
 */
final class SessionTransactionBoundary implements TransactionBoundary {

    /** Waits for a session factory still booting (see {@link Persistence#begin}); cheap once it has. */
    private final Supplier<SessionFactory> sessionFactory;
    private final ThreadLocal<UnitOfWork> current = new ThreadLocal<>();

    SessionTransactionBoundary(Supplier<SessionFactory> sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        if (current.get() != null) {
            return work.get();
        }
        UnitOfWork unit = begin();
        current.set(unit);
        try {
            T result;
            try {
                result = work.get();
            } catch (Throwable failure) {
                unit.rollbackQuietly(failure);
                throw failure;
            }
            unit.commit();
            unit.committed = true;
            return result;
        } finally {
            current.remove();
            try {
                // First: what is noted of the commit is noted as soon after it as can be.
                if (unit.committed) {
                    unit.afterCommit.forEach(Runnable::run);
                }
            } finally {
                unit.close();
            }
            unit.afterTransaction.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code action} on the current thread's session and translates what it throws.
     *
     * @throws IllegalStateException when no transaction is open on this thread
     */
    <T> T withSession(String what, Function<Session, T> action,
                      Function<String, RuntimeException> onUniqueViolation) {
        UnitOfWork unit = current.get();
        if (unit == null) {
            throw new IllegalStateException("Repositories are called inside TransactionBoundary.inTransaction;"
                    + " no transaction is open on this thread");
        }
        try {
            return action.apply(unit.session);
        } catch (RuntimeException failure) {
            if (!PersistenceFailures.isPersistenceFailure(failure)) {
                throw failure;
            }
            RuntimeException translated = PersistenceFailures.translate(failure, what, onUniqueViolation);
            unit.markFailed(translated);
            throw translated;
        }
    }

    /** Registered with the open transaction, run by its commit; with none open, run now in one of its own. */
    @Override
    public void beforeCommit(String name, Runnable action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        UnitOfWork unit = current.get();
        if (unit == null) {
            run(action);
            return;
        }
        if (!unit.ranBeforeCommit.contains(name)) {
            unit.beforeCommit.putIfAbsent(name, action);
        }
    }

    /** Kept with the open transaction, run once it has ended; with none open, run now. */
    @Override
    public void afterTransaction(Runnable action) {
        keepForTheEnd(action, unit -> unit.afterTransaction);
    }

    /** Kept with the open transaction, run once it has committed (before its after-transaction actions); with none open, run now. */
    @Override
    public void afterCommit(Runnable action) {
        keepForTheEnd(action, unit -> unit.afterCommit);
    }

    /** {@code action} added to the open transaction's list {@code kept} names, or run now with none open. */
    private void keepForTheEnd(Runnable action, Function<UnitOfWork, List<Runnable>> kept) {
        Objects.requireNonNull(action, "action");
        UnitOfWork unit = current.get();
        if (unit == null) {
            action.run();
        } else {
            kept.apply(unit).add(action);
        }
    }

    <T> T withSession(String what, Function<Session, T> action) {
        return withSession(what, action, constraint -> new ConcurrentModificationException(what));
    }

    private UnitOfWork begin() {
        Session session = sessionFactory.get().openSession();
        try {
            // Begins the JDBC transaction, so this is where an unreachable database shows.
            return new UnitOfWork(session, session.beginTransaction());
        } catch (RuntimeException failure) {
            session.close();
            throw PersistenceFailures.translate(failure, "The transaction");
        }
    }

    /** One session and its transaction; lives as long as the outermost {@code inTransaction} call. */
    private static final class UnitOfWork {

        private final Session session;
        private final Transaction transaction;
        /** By name: run in this order, each once, after everything else the transaction did. */
        private final TreeMap<String, Runnable> beforeCommit = new TreeMap<>();
        private final Set<String> ranBeforeCommit = new HashSet<>();
        private final List<Runnable> afterTransaction = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        private boolean committed;
        private RuntimeException failure;

        UnitOfWork(Session session, Transaction transaction) {
            this.session = session;
            this.transaction = transaction;
        }

        /**
         * A statement failed: after that neither Hibernate's session nor a PostgreSQL transaction
         * can be trusted to commit, even if the caller catches the exception and carries on.
         */
        void markFailed(RuntimeException translated) {
            if (failure == null) {
                failure = translated;
            }
        }

        void commit() {
            if (failure != null) {
                // The work swallowed a failed write; committing the rest would save half a use case.
                rollbackQuietly(failure);
                throw failure;
            }
            try {
                // Flush first, so constraint and version violations surface here, still translatable,
                // and so that the locks the before-commit actions take are the transaction's last.
                session.flush();
            } catch (RuntimeException flushFailure) {
                RuntimeException translated = PersistenceFailures.translate(flushFailure, "The data");
                rollbackQuietly(translated);
                throw translated;
            }
            try {
                runBeforeCommit();
            } catch (RuntimeException | Error actionFailure) {
                rollbackQuietly(actionFailure);
                throw actionFailure;
            }
            if (failure != null) {
                // An action's repository call failed and the action carried on regardless.
                rollbackQuietly(failure);
                throw failure;
            }
            try {
                transaction.commit();
            } catch (RuntimeException commitFailure) {
                RuntimeException translated = PersistenceFailures.translate(commitFailure, "The data");
                rollbackQuietly(translated);
                throw translated;
            }
        }

        /** Each action once; one registered by another action runs too, unless its name already ran. */
        private void runBeforeCommit() {
            while (!beforeCommit.isEmpty()) {
                Map.Entry<String, Runnable> next = beforeCommit.pollFirstEntry();
                ranBeforeCommit.add(next.getKey());
                next.getValue().run();
            }
        }

        void rollbackQuietly(Throwable reason) {
            try {
                if (transaction.getStatus().canRollback()) {
                    transaction.rollback();
                }
            } catch (RuntimeException rollbackFailure) {
                // The reason stays the exception callers see; the failed rollback travels along.
                if (rollbackFailure != reason) {
                    reason.addSuppressed(rollbackFailure);
                }
            }
        }

        void close() {
            try {
                session.close();
            } catch (RuntimeException ignored) {
                // Closing only releases the connection; a failure there changes nothing for the caller.
            }
        }
    }
}
