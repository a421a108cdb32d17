package org.firmament.adapters.persistence;

import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DomainException;
import org.firmament.domain.DuplicateVersionException;
import org.hibernate.NonUniqueObjectException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Persistence adapter: turns what Hibernate, the pool and the JDBC driver throw into the exceptions
 * the out-ports promise, so no Hibernate type ever leaves the adapter.
 *
 * <p>Causes are recognised by type and SQLState rather than by message, since H2 and PostgreSQL
 * word their messages differently; only the unique constraint's name is looked up in the text,
 * because it is the one thing that tells a duplicate version from any other collision.
 */
final class PersistenceFailures {

    /** Named in the migration; a seed API quotes this name, so it must not change. */
    static final String VERSION_UNIQUE_CONSTRAINT = "firmware_type_version_key";

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * A foreign key refused the write: a row referred to was deleted, or a row still referred to
     * was to be deleted (PostgreSQL reports both as 23503; H2 the first as 23506). Use cases check
     * such references first, so the key only fires when another transaction changed them since.
     */
    private static final Set<String> FOREIGN_KEY_VIOLATIONS = Set.of("23503", "23506");

    /**
     * Write conflicts between concurrent transactions: serialization failure and deadlock
     * (standard and PostgreSQL), H2's "concurrent update" and its lock timeout.
     */
    private static final Set<String> WRITE_CONFLICTS = Set.of("40001", "40P01", "90131", "HYT00");

    /** PostgreSQL refusing connections while shutting down, starting or in recovery. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    private PersistenceFailures() {
    }

    /** Whether {@code failure} came out of Hibernate or JDBC, rather than from domain or caller code. */
    static boolean isPersistenceFailure(RuntimeException failure) {
        return failure instanceof PersistenceException || cause(failure, SQLException.class).isPresent();
    }

    /**
     * The port-level exception for {@code failure}.
     *
     * @param what names the aggregate written, for the {@link ConcurrentModificationException} message
     * @param onUniqueViolation builds the exception for a unique or primary key collision, given
     *     the violated constraint's name or, when the driver does not report one, its message
     */
    static RuntimeException translate(RuntimeException failure, String what,
                                      Function<String, RuntimeException> onUniqueViolation) {
        if (failure instanceof DomainException || failure instanceof ServiceUnavailableException) {
            return failure;
        }
        if (isConnectionFailure(failure)) {
            return new ServiceUnavailableException("The database cannot be reached", failure);
        }
        if (cause(failure, StaleStateException.class).isPresent()
                || cause(failure, OptimisticLockException.class).isPresent()) {
            return withCause(new ConcurrentModificationException(what), failure);
        }
        Optional<String> uniqueViolation = uniqueViolation(failure);
        if (uniqueViolation.isPresent()) {
            return withCause(onUniqueViolation.apply(uniqueViolation.get()), failure);
        }
        if (sqlStates(failure).anyMatch(FOREIGN_KEY_VIOLATIONS::contains)) {
            return withCause(new ConcurrentModificationException(what), failure);
        }
        if (sqlStates(failure).anyMatch(WRITE_CONFLICTS::contains)) {
            return withCause(new ConcurrentModificationException(what), failure);
        }
        return new IllegalStateException("Database operation failed: " + failure.getMessage(), failure);
    }

    /** For writes where every collision means someone else wrote the same row first. */
    static RuntimeException translate(RuntimeException failure, String what) {
        return translate(failure, what, constraint -> new ConcurrentModificationException(what));
    }

    /** For image writes: the version constraint is a duplicate version, any other collision a concurrent write. */
    static Function<String, RuntimeException> duplicateVersionOr(String what, String typeName, String version) {
        return constraint -> constraint.toLowerCase(Locale.ROOT).contains(VERSION_UNIQUE_CONSTRAINT)
                ? new DuplicateVersionException(typeName, version)
                : new ConcurrentModificationException(what);
    }

    /**
     * For adds of an aggregate whose id is its primary key: a collision on any of
     * {@code otherConstraints} is a concurrent write, any other one means the id is taken. Matching
     * the other constraints rather than the primary key's name, because H2 reports a primary key
     * by a generated index name.
     */
    static Function<String, RuntimeException> alreadyExistsOr(String what, String kind, String id,
                                                              String... otherConstraints) {
        return constraint -> {
            // H2 reports '"PUBLIC.<INDEX> ON PUBLIC.<TABLE>(...) VALUES (...)"': keep the values,
            // which may hold any id, out of the match.
            String reported = constraint.toLowerCase(Locale.ROOT);
            int on = reported.indexOf(" on ");
            if (on >= 0) {
                reported = reported.substring(0, on);
            }
            for (String other : otherConstraints) {
                if (reported.contains(other)) {
                    return new ConcurrentModificationException(what);
                }
            }
            return new AlreadyExistsException(kind, id);
        };
    }

    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof JDBCConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Optional<String> uniqueViolation(RuntimeException failure) {
        // The session already holds a row with that key: the insert never reached the database.
        if (cause(failure, EntityExistsException.class).isPresent()
                || cause(failure, NonUniqueObjectException.class).isPresent()) {
            return Optional.of("");
        }
        Optional<SQLException> sql = cause(failure, SQLException.class)
                .filter(e -> UNIQUE_VIOLATION.equals(e.getSQLState()));
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        String constraint = cause(failure, ConstraintViolationException.class)
                .map(ConstraintViolationException::getConstraintName)
                .orElse(null);
        return Optional.of(constraint != null ? constraint : String.valueOf(sql.get().getMessage()));
    }

    private static Stream<String> sqlStates(Throwable failure) {
        Stream.Builder<String> states = Stream.builder();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                states.add(sql.getSQLState());
            }
        }
        return states.build();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    // Domain exceptions take no cause; keep the database's account for whoever logs the failure.
    private static RuntimeException withCause(RuntimeException translated, RuntimeException failure) {
        if (translated.getCause() == null) {
            try {
                translated.initCause(failure);
            } catch (IllegalStateException alreadySet) {
                translated.addSuppressed(failure);
            }
        }
        return translated;
    }
}
