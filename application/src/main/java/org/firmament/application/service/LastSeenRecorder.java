package org.firmament.application.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.device.DeviceId;

/**
 * When devices were last seen, kept in memory and written in one batch per {@link #flush}, so that a
 * check-in costs no database write. The server flushes on a fixed period and once more on shutdown;
 * a crash loses at most one period of last-seen times, which the next check-in restores.
 *
 * <p>Each device that checks in keeps one slot holding its latest time as nanoseconds since the
 * epoch, which a check-in raises in place: a device checking in again allocates nothing and stores
 * no reference, so a large fleet's repeated check-ins neither promote garbage into the old
 * generation nor dirty its cards. A flush empties the slots it writes and drops the slots of devices
 * that were not seen for a whole period.
 */
public final class LastSeenRecorder {

    /** In a slot: seen at no time since the last flush. */
    private static final long NOTHING = Long.MIN_VALUE;
    /** In a slot: dropped by a flush; a check-in that meets it removes it and takes a new slot. */
    private static final long DROPPED = Long.MAX_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final TransactionBoundary transactions;
    private final DeviceRepository devices;
    private final Clock clock;
    private final Map<DeviceId, AtomicLong> slots = new ConcurrentHashMap<>();

    public LastSeenRecorder(TransactionBoundary transactions, DeviceRepository devices, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.devices = Objects.requireNonNull(devices);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Notes that {@code device} checked in now; written with the next flush. */
    public void seen(DeviceId device) {
        note(device, nanosOf(clock.now()));
    }

    /** How many devices wait to be written. */
    public int pendingCount() {
        int count = 0;
        for (AtomicLong slot : slots.values()) {
            long at = slot.get();
            if (at != NOTHING && at != DROPPED) {
                count++;
            }
        }
        return count;
    }

    /**
     * Writes what was noted since the last flush in one batch. A failed write puts the times back
     * (a later time noted meanwhile wins), so they are tried again with the next flush.
     */
    public synchronized void flush() {
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (Map.Entry<DeviceId, AtomicLong> entry : slots.entrySet()) {
            AtomicLong slot = entry.getValue();
            long at = slot.getAndSet(NOTHING);
            if (at == NOTHING) {
                // Not seen for a whole period: drop the slot unless a check-in fills it meanwhile.
                if (slot.compareAndSet(NOTHING, DROPPED)) {
                    slots.remove(entry.getKey(), slot);
                }
            } else if (at != DROPPED) {
                batch.put(entry.getKey(), instantOf(at));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            transactions.run(() -> devices.recordLastSeen(batch));
        } catch (RuntimeException e) {
            batch.forEach((device, at) -> note(device, nanosOf(at)));
            throw e;
        }
    }

    /** Raises the device's slot to {@code at} unless it holds a later time. */
    private void note(DeviceId device, long at) {
        while (true) {
            AtomicLong slot = slots.get(device);
            if (slot == null) {
                slot = slots.putIfAbsent(device, new AtomicLong(at));
                if (slot == null) {
                    return;
                }
            }
            long current = slot.get();
            while (current < at) {
                if (slot.compareAndSet(current, at)) {
                    return;
                }
                current = slot.get();
            }
            if (current != DROPPED) {
                return;
            }
            slots.remove(device, slot);
        }
    }

    private static long nanosOf(Instant at) {
        // Exact from 1677 to 2262; a clock outside that range is broken, not a device's doing.
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
    }

    private static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
