package org.firmament.application.service;

import java.time.Duration;
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
 * <p>Each device keeps one slot, a number raised in place: a check-in allocates nothing and stores
 * no reference once its device has a slot, so a fleet's check-ins neither make garbage nor dirty
 * the old generation's cards. A slot holds the time noted since the last flush (nanoseconds since
 * the epoch, positive), or, once that time is written, the written time negated; a flush drops the
 * slots of devices not seen for {@link #KEEP_IDLE}, which is longer than a fleet's poll interval
 * (the credential cache forgets such devices then too).
 */
public final class LastSeenRecorder {

    /** How long a device's slot stays after its time was written, if the device is not seen again. */
    static final Duration KEEP_IDLE = CredentialCache.MAX_AGE;

    /** In a slot: dropped by a flush; a check-in that meets it removes it and takes a new slot. */
    private static final long DROPPED = Long.MIN_VALUE;
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
            if (slot.get() > 0) {
                count++;
            }
        }
        return count;
    }

    /** How many devices have a slot, waiting or written (tests). */
    int slotCount() {
        return slots.size();
    }

    /**
     * Writes what was noted since the last flush in one batch. A failed write puts the times back
     * (a later time noted meanwhile wins), so they are tried again with the next flush. The
     * database statement keeps a device's stored time from moving back, whatever order two
     * check-ins' clocks were read in.
     */
    public synchronized void flush() {
        long dropBefore = nanosOf(clock.now()) - KEEP_IDLE.toNanos();
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (Map.Entry<DeviceId, AtomicLong> entry : slots.entrySet()) {
            AtomicLong slot = entry.getValue();
            while (true) {
                long current = slot.get();
                if (current > 0) {
                    if (slot.compareAndSet(current, -current)) {
                        batch.put(entry.getKey(), instantOf(current));
                        break;
                    }
                } else if (current == DROPPED || -current >= dropBefore) {
                    break;
                } else if (slot.compareAndSet(current, DROPPED)) {
                    slots.remove(entry.getKey(), slot);
                    break;
                }
                // A check-in changed the slot meanwhile: look again.
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

    /** Makes {@code at} the device's time to write, unless a later one waits already. */
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
            if (current == DROPPED) {
                slots.remove(device, slot);
                continue;
            }
            // A written time (negative) gives way to any new one; a waiting one only to a later one.
            if (current >= at || slot.compareAndSet(current, at)) {
                return;
            }
        }
    }

    /**
     * Positive nanoseconds since the epoch, exact from 1970 to 2262; a clock outside that range is
     * broken, and its times are clamped to it rather than failing the device's check-in.
     */
    private static long nanosOf(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < 0) {
            return 1;
        }
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, seconds * NANOS_PER_SECOND + at.getNano());
    }

    private static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(nanos / NANOS_PER_SECOND, nanos % NANOS_PER_SECOND);
    }
}
