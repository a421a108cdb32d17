package org.firmament.application.port.out;

/**
 * Out-port: {@link #BUCKETS} counters shared by every instance on one database, one per bucket of
 * devices, advanced in the same transaction as every change of a device's check-in state (the
 * device row, its offered updates' progress). An instance that reads a moved counter knows that
 * what it remembers about that bucket's devices may be stale. Buckets keep two devices' changes
 * from waiting on one row and let an instance forget a bucket instead of the fleet.
 */
public interface DeviceStateEpochs {

    /** How many buckets there are; a device's bucket is the application's choice, from 0 to BUCKETS - 1. */
    int BUCKETS = 256;

    /**
     * Advances each of {@code buckets} (distinct, ascending) by one and answers the values set, in
     * the same order; inside the transaction of the change, so they move if and only if it commits
     * (and until then no other advance of those buckets can, so the values are the ones the commit
     * leaves). The rows are locked in bucket order, so two transactions advancing some of the same
     * buckets wait for each other rather than deadlock.
     *
     * @throws IllegalArgumentException when a bucket is out of range, or they are not distinct and ascending
     */
    long[] advanceEach(int[] buckets);

    /** {@code buckets} as {@link #advanceEach} takes them: each in range, distinct, ascending. */
    static void requireAscendingBuckets(int[] buckets) {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] < 0 || buckets[i] >= BUCKETS) {
                throw new IllegalArgumentException("no bucket " + buckets[i]);
            }
            if (i > 0 && buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("buckets must be distinct and ascending: " + buckets[i - 1]
                        + " before " + buckets[i]);
            }
        }
    }

    /** Every bucket's counter, indexed by bucket (a missing row reads 0); inside a transaction. */
    long[] read();
}
