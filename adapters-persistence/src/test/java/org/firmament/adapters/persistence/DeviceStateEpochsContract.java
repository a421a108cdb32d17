package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.firmament.application.port.out.DeviceStateEpochs;
import org.junit.jupiter.api.Test;

/** Contract of {@link DeviceStateEpochs}, run against each database. */
abstract class DeviceStateEpochsContract extends PersistenceContractSupport {

    @Test
    void everyBucketIsReadAndAnAdvanceMovesOnlyItsBucket() {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        assertEquals(DeviceStateEpochs.BUCKETS, before.length);
        inTransaction(() -> {
            persistence.deviceStateEpochs().advance(7);
            persistence.deviceStateEpochs().advance(7);
            persistence.deviceStateEpochs().advance(DeviceStateEpochs.BUCKETS - 1);
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
        long[] answered = inTransaction(() -> new long[] {persistence.deviceStateEpochs().advance(9),
                persistence.deviceStateEpochs().advance(9)});
        long later = inTransaction(() -> persistence.deviceStateEpochs().advance(9));
        assertArrayEquals(new long[] {before + 1, before + 2}, answered);
        assertEquals(before + 3, later);
        assertEquals(later, inTransaction(() -> persistence.deviceStateEpochs().read())[9]);
    }

    @Test
    void anAdvanceInATransactionThatRollsBackLeavesTheEpochs() {
        long[] before = inTransaction(() -> persistence.deviceStateEpochs().read());
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.deviceStateEpochs().advance(3);
            throw new IllegalStateException("the change failed");
        }));
        assertArrayEquals(before, inTransaction(() -> persistence.deviceStateEpochs().read()));
    }

    @Test
    void aMissingRowReadsAsZeroAndIsPutBackByTheNextAdvance() {
        sql("DELETE FROM device_state_epoch WHERE bucket = 5");
        assertEquals(0, inTransaction(() -> persistence.deviceStateEpochs().read())[5]);
        assertEquals(1, inTransaction(() -> persistence.deviceStateEpochs().advance(5)));
        assertEquals(1, inTransaction(() -> persistence.deviceStateEpochs().read())[5]);
        assertEquals(2, inTransaction(() -> persistence.deviceStateEpochs().advance(5)));
    }

    @Test
    void aBucketOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> inTransaction(() -> {
            persistence.deviceStateEpochs().advance(DeviceStateEpochs.BUCKETS);
            return null;
        }));
    }
}
