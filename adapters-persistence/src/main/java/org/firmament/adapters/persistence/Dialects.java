package org.firmament.adapters.persistence;

import org.hibernate.Session;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * Persistence adapter: which database a session talks to, for the few statements no single SQL
 * text serves on both (drawing from a sequence, joining arrays into an update). Asked of the
 * session in hand, so that nothing needs the session factory before it has booted.
 */
final class Dialects {

    private Dialects() {
    }

    static Dialect of(Session session) {
        return session.unwrap(SessionImplementor.class).getJdbcServices().getDialect();
    }

    static boolean isPostgreSql(Session session) {
        return of(session) instanceof PostgreSQLDialect;
    }
}
