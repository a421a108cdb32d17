package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.firmament.application.port.out.DeviceStateEpochs;
import org.junit.jupiter.api.Test;

/** Contract of {@link DeviceStateEpochs}, run against each database. */
abstract class DeviceStateEpochsContract extends PersistenceContractSupport {

    @Test
    void everyBucketIsReadAndAnAdvanceMovesOnlyItsBucket() {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        assertEquals(DeviceStateEpochs.BUCKETS, before.length);
        inTransaction(() -> {
            advance(7);
            advance(7);
            advance(DeviceStateEpochs.BUCKETS - 1);
            return null;
        });
        long[] expected = before.clone();
        expected[7] += 2;
        expected[DeviceStateEpochs.BUCKETS - 1] += 1;
        assertArrayEquals(expected, inTransaction(() -> persistence.deviceStateEpochs().read()));
    }

    @Test
    void anAdvanceAnswersTheValueItSet_eachAdvanceOneMore() {
        long before = inTransaction(() -> persistence.deviceStateEpochs().read())[9];
        long[] answered = inTransaction(() -> new long[] {advance(9),
                advance(9)});
        long later = inTransaction(() -> advance(9));
        assertArrayEquals(new long[] {before + 1, before + 2}, answered);
        assertEquals(before + 3, later);
        assertEquals(later, inTransaction(() -> persistence.deviceStateEpochs().read())[9]);
    }

    @Test
    void anAdvanceInATransactionThatRollsBackLeavesTheEpochs() {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            advance(3);
            throw new IllegalStateException("the change failed");
        }));
        assertArrayEquals(before, inTransaction(() -> persistence.deviceStateEpochs().read()));
    }

    @Test
    void aMissingRowReadsAsZeroAndIsPutBackByTheNextAdvance() {
        sql("DELETE FROM device_state_epoch WHERE bucket = 5");
        assertEquals(0, inTransaction(() -> persistence.deviceStateEpochs().read())[5]);
        assertEquals(1, inTransaction(() -> advance(5)));
        assertEquals(1, inTransaction(() -> persistence.deviceStateEpochs().read())[5]);
        assertEquals(2, inTransaction(() -> advance(5)));
    }

    @Test
    void aBucketOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> inTransaction(() -> {
            advance(DeviceStateEpochs.BUCKETS);
            return null;
        }));
    }

    @Test
    void advanceEach_movesEachBucketOnce_answeringTheValuesInTheOrderAsked_andPutsBackAMissingRow() {
        sql("DELETE FROM device_state_epoch WHERE bucket = 12");
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());

        long[] set = inTransaction(() -> persistence.deviceStateEpochs().advanceEach(new int[] {2, 12, 200}));

        assertArrayEquals(new long[] {before[2] + 1, 1, before[200] + 1}, set);
        long[] expected = before.clone();
        expected[2]++;
        expected[12] = 1;
        expected[200]++;
        assertArrayEquals(expected, inTransaction(() -> persistence.deviceStateEpochs().read()));
        assertArrayEquals(new long[0], inTransaction(() -> persistence.deviceStateEpochs().advanceEach(new int[0])));
    }

    @Test
    void advanceEach_refusesBucketsOutOfRangeRepeatedOrOutOfOrder_movingNone() {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        for (int[] refused : List.of(new int[] {1, DeviceStateEpochs.BUCKETS}, new int[] {-1, 3}, new int[] {4, 4},
                new int[] {6, 5})) {
            assertThrows(IllegalArgumentException.class,
                    () -> inTransaction(() -> persistence.deviceStateEpochs().advanceEach(refused)));
        }
        assertArrayEquals(before, inTransaction(() -> persistence.deviceStateEpochs().read()));
    }

    @Test
    void twoTransactionsAdvancingOverlappingBucketsAtOnce_bothCommit_eachBucketMovedByBoth() throws Exception {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        int[] low = {20, 21, 22, 23, 24, 25, 26, 27};
        int[] high = {21, 23, 25, 27, 29};
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                Future<long[]> first = two.submit(() -> {
                    start.await();
                    return inTransaction(() -> persistence.deviceStateEpochs().advanceEach(low));
                });
                Future<long[]> second = two.submit(() -> {
                    start.await();
                    return inTransaction(() -> persistence.deviceStateEpochs().advanceEach(high));
                });
                start.countDown();
                first.get(30, TimeUnit.SECONDS);
                second.get(30, TimeUnit.SECONDS);
            }
        } finally {
            two.shutdownNow();
        }
        long[] after = inTransaction(() -> persistence.deviceStateEpochs().read());
        assertEquals(before[20] + 20, after[20]);
        assertEquals(before[21] + 40, after[21]);
        assertEquals(before[29] + 20, after[29]);
        assertEquals(before[28], after[28]);
    }

    /** One bucket's advance, as {@code DeviceStates} makes it for a transaction that changed one device. */
    private long advance(int bucket) {
        return persistence.deviceStateEpochs().advanceEach(new int[] {bucket})[0];
    }
}
