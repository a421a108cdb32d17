package org.firmament.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.firmament.application.port.out.DeviceStateEpochs;

/** Persistence adapter: the rows of {@code device_state_epoch}, over plain JDBC on the transaction's session. */
final class HibernateDeviceStateEpochs implements DeviceStateEpochs {

    /** The advance answering the value it set, in one statement: PostgreSQL's {@code RETURNING}, ... */
    private static final String ADVANCE_POSTGRESQL =
            "UPDATE device_state_epoch SET epoch = epoch + 1 WHERE bucket = ? RETURNING epoch";
    /** ... and H2's data change delta table. */
    private static final String ADVANCE_H2 =
            "SELECT epoch FROM FINAL TABLE (UPDATE device_state_epoch SET epoch = epoch + 1 WHERE bucket = ?)";
    private static final String RESTORE = "INSERT INTO device_state_epoch (bucket, epoch) VALUES (?, 1)";
    private static final String READ = "SELECT bucket, epoch FROM device_state_epoch";

    private final SessionTransactionBoundary transactions;

    HibernateDeviceStateEpochs(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public long advance(int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IllegalArgumentException("no bucket " + bucket);
        }
        return transactions.withSession("The device state epochs", session -> {
            String advance = Dialects.isPostgreSql(session) ? ADVANCE_POSTGRESQL : ADVANCE_H2;
            return session.doReturningWork(connection -> {
                try (PreparedStatement moved = connection.prepareStatement(advance)) {
                    moved.setInt(1, bucket);
                    try (ResultSet value = moved.executeQuery()) {
                        if (value.next()) {
                            return value.getLong(1);
                        }
                    }
                }
                // The row was deleted by hand: put it back, moved from the 0 that read() reports then.
                try (PreparedStatement restore = connection.prepareStatement(RESTORE)) {
                    restore.setInt(1, bucket);
                    restore.executeUpdate();
                }
                return 1L;
            });
        });
    }

    @Override
    public long[] read() {
        return transactions.withSession("The device state epochs", session -> session.doReturningWork(connection -> {
            long[] epochs = new long[BUCKETS];
            try (PreparedStatement read = connection.prepareStatement(READ); ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    int bucket = rows.getInt(1);
                    if (bucket >= 0 && bucket < BUCKETS) {
                        epochs[bucket] = rows.getLong(2);
                    }
                }
            }
            return epochs;
        }));
    }
}
