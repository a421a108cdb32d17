package org.firmament.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.firmament.application.port.out.CredentialEpoch;

/** Persistence adapter: the single row of {@code credential_epoch}, over plain JDBC on the transaction's session. */
final class HibernateCredentialEpoch implements CredentialEpoch {

    private static final String ADVANCE = "UPDATE credential_epoch SET epoch = epoch + 1 WHERE id = 1";
    private static final String RESTORE = "INSERT INTO credential_epoch (id, epoch) VALUES (1, 1)";
    private static final String READ = "SELECT epoch FROM credential_epoch WHERE id = 1";

    private final SessionTransactionBoundary transactions;

    HibernateCredentialEpoch(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public void advance() {
        transactions.withSession("The credential epoch", session -> {
            session.doWork(connection -> {
                try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
                    if (advance.executeUpdate() == 0) {
                        // The row was deleted by hand: put it back, moved from the 0 that read() reports then.
                        try (PreparedStatement restore = connection.prepareStatement(RESTORE)) {
                            restore.executeUpdate();
                        }
                    }
                }
            });
            return null;
        });
    }

    @Override
    public long read() {
        return transactions.withSession("The credential epoch", session -> session.doReturningWork(connection -> {
            try (PreparedStatement read = connection.prepareStatement(READ); ResultSet row = read.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        }));
    }
}
