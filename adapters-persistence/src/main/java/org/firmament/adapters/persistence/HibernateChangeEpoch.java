package org.firmament.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.firmament.application.port.out.ChangeEpoch;

/**
 * Persistence adapter: a {@link ChangeEpoch} held in the single row of its own table
 * ({@code credential_epoch}, V9; {@code catalog_epoch}, V11), over plain JDBC on the transaction's session.
 */
final class HibernateChangeEpoch implements ChangeEpoch {

    /** The tables that hold one; each is {@code (id = 1, epoch)}. */
    enum Table {
        CREDENTIAL_EPOCH("credential_epoch", "The credential epoch"),
        CATALOG_EPOCH("catalog_epoch", "The catalogue epoch");

        private final String name;
        private final String subject;

        Table(String name, String subject) {
            this.name = name;
            this.subject = subject;
        }
    }

    private final SessionTransactionBoundary transactions;
    private final String subject;
    private final String advance;
    private final String restore;
    private final String read;

    HibernateChangeEpoch(SessionTransactionBoundary transactions, Table table) {
        this.transactions = transactions;
        this.subject = table.subject;
        this.advance = "UPDATE " + table.name + " SET epoch = epoch + 1 WHERE id = 1";
        this.restore = "INSERT INTO " + table.name + " (id, epoch) VALUES (1, 1)";
        this.read = "SELECT epoch FROM " + table.name + " WHERE id = 1";
    }

    @Override
    public void advance() {
        transactions.withSession(subject, session -> {
            session.doWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(advance)) {
                    if (statement.executeUpdate() == 0) {
                        // The row was deleted by hand: put it back, moved from the 0 that read() reports then.
                        try (PreparedStatement putBack = connection.prepareStatement(restore)) {
                            putBack.executeUpdate();
                        }
                    }
                }
            });
            return null;
        });
    }

    @Override
    public long read() {
        return transactions.withSession(subject, session -> session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(read);
                 ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        }));
    }
}
