package org.firmament.adapters.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.firmament.application.port.out.DeviceStateEpochs;

/** Persistence adapter: the rows of {@code device_state_epoch}, over plain JDBC on the transaction's session. */
final class HibernateDeviceStateEpochs implements DeviceStateEpochs {

    /**
     * The rows to advance, locked in bucket order first: one statement that updated them all would
     * lock them in whatever order its plan reads them, and two transactions could deadlock.
     */
    private static final String LOCK = "SELECT bucket FROM device_state_epoch WHERE bucket = ANY(?) ORDER BY bucket"
            + " FOR UPDATE";
    /** The advances answering the values they set, in one statement: PostgreSQL's {@code RETURNING}, ... */
    private static final String ADVANCE_POSTGRESQL =
            "UPDATE device_state_epoch SET epoch = epoch + 1 WHERE bucket = ANY(?) RETURNING bucket, epoch";
    /** ... and H2's data change delta table. */
    private static final String ADVANCE_H2 = "SELECT bucket, epoch FROM FINAL TABLE"
            + " (UPDATE device_state_epoch SET epoch = epoch + 1 WHERE bucket = ANY(?))";
    private static final String RESTORE = "INSERT INTO device_state_epoch (bucket, epoch) VALUES (?, 1)";
    private static final String READ = "SELECT bucket, epoch FROM device_state_epoch";

    private final SessionTransactionBoundary transactions;

    HibernateDeviceStateEpochs(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public long[] advanceEach(int[] buckets) {
        DeviceStateEpochs.requireAscendingBuckets(buckets);
        if (buckets.length == 0) {
            return new long[0];
        }
        return transactions.withSession("The device state epochs", session -> {
            String advance = Dialects.isPostgreSql(session) ? ADVANCE_POSTGRESQL : ADVANCE_H2;
            return session.doReturningWork(connection -> {
                Map<Integer, Long> set = new HashMap<>();
                Array named = connection.createArrayOf("INTEGER", Arrays.stream(buckets).boxed().toArray());
                try {
                    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                        lock.setArray(1, named);
                        lock.executeQuery().close();
                    }
                    try (PreparedStatement moved = connection.prepareStatement(advance)) {
                        moved.setArray(1, named);
                        try (ResultSet values = moved.executeQuery()) {
                            while (values.next()) {
                                set.put(values.getInt(1), values.getLong(2));
                            }
                        }
                    }
                } finally {
                    named.free();
                }
                long[] values = new long[buckets.length];
                for (int i = 0; i < buckets.length; i++) {
                    Long value = set.get(buckets[i]);
                    values[i] = value != null ? value : restore(connection, buckets[i]);
                }
                return values;
            });
        });
    }

    /** The row was deleted by hand: put it back, moved from the 0 that read() reports then. */
    private static long restore(Connection connection, int bucket) throws SQLException {
        try (PreparedStatement restore = connection.prepareStatement(RESTORE)) {
            restore.setInt(1, bucket);
            restore.executeUpdate();
        }
        return 1L;
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
