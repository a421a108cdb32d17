package org.firmament.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
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
 * the old generation's cards. A slot holds the time noted since the last flush (milliseconds since
 * the epoch, positive), or, once that time is written, the written time negated; a flush drops the
 * slots of devices not seen for {@link #KEEP_IDLE}, which is longer than a fleet's poll interval
 * (the credential cache forgets such devices then too). Times are kept to the millisecond, from
 * {@link Clock#epochMillis}: a reading to the microsecond cost a check-in more than its slot did.
 *
 * <p>Whoever meets a device often may hold on to its slot ({@link #seen(DeviceId, Slot)}): the
 * credential cache's entry of a device key does, so a check-in notes its device without a lookup
 * in a map of the whole fleet. A slot held after its flush dropped it is of no use any more, and
 * the device is noted as if none were held.
 */
public final class LastSeenRecorder {

    /** How long a device's slot stays after its time was written, if the device is not seen again. */
    static final Duration KEEP_IDLE = CredentialCache.MAX_AGE;

    /** In a slot: dropped by a flush; a check-in that meets it removes it and takes a new slot. */
    private static final long DROPPED = Long.MIN_VALUE;
    /** The latest time recorded (in 2262): later than any working clock, earlier than any database's limit. */
    private static final long LATEST_MILLIS = Long.MAX_VALUE / 1_000_000L;

    private final TransactionBoundary transactions;
    private final DeviceRepository devices;
    private final Clock clock;
    private final Map<DeviceId, Slot> slots = new ConcurrentHashMap<>();

    /** A device's slot: its number, and nothing else, so that it costs what an {@code AtomicLong} costs. */
    static final class Slot {
        private static final AtomicLongFieldUpdater<Slot> TIME = AtomicLongFieldUpdater.newUpdater(Slot.class, "time");

        private volatile long time;

        private Slot(long time) {
            this.time = time;
        }

        private long get() {
            return time;
        }

        private boolean compareAndSet(long expected, long replacement) {
            return TIME.compareAndSet(this, expected, replacement);
        }

        /** Makes {@code at} the time to write unless a later one waits; false when the slot was dropped. */
        private boolean raiseTo(long at) {
            while (true) {
                long current = time;
                if (current == DROPPED) {
                    return false;
                }
                // A written time (negative) gives way to any new one, even an equal one (a failed
                // flush puts its times back so); a waiting one only to a later one.
                if (current >= at || compareAndSet(current, at)) {
                    return true;
                }
            }
        }
    }

    public LastSeenRecorder(TransactionBoundary transactions, DeviceRepository devices, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.devices = Objects.requireNonNull(devices);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Notes that {@code device} checked in now; written with the next flush. */
    public void seen(DeviceId device) {
        seen(device, null);
    }

    /**
     * Notes that {@code device} checked in now, in {@code held} (its slot, or null) when that is
     * still in use; answers the slot it was noted in, which the caller may hold for next time.
     */
    Slot seen(DeviceId device, Slot held) {
        long at = recordable(clock.epochMillis());
        return held != null && held.raiseTo(at) ? held : note(device, at);
    }

    /** How many devices wait to be written. */
    public int pendingCount() {
        int count = 0;
        for (Slot slot : slots.values()) {
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
        long dropBefore = recordable(clock.epochMillis()) - KEEP_IDLE.toMillis();
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (Map.Entry<DeviceId, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            while (true) {
                long current = slot.get();
                if (current > 0) {
                    if (slot.compareAndSet(current, -current)) {
                        batch.put(entry.getKey(), Instant.ofEpochMilli(current));
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
            batch.forEach((device, at) -> note(device, at.toEpochMilli()));
            throw e;
        }
    }

    /** Makes {@code at} the device's time to write, unless a later one waits already; answers its slot. */
    private Slot note(DeviceId device, long at) {
        while (true) {
            Slot slot = slots.get(device);
            if (slot == null) {
                Slot created = new Slot(at);
                slot = slots.putIfAbsent(device, created);
                if (slot == null) {
                    return created;
                }
            }
            if (slot.raiseTo(at)) {
                return slot;
            }
            slots.remove(device, slot);
        }
    }

    /**
     * Milliseconds since the epoch, positive and at most {@link #LATEST_MILLIS}: a clock outside
     * that range is broken, and its times are clamped to it rather than failing the device's check-in.
     */
    private static long recordable(long epochMillis) {
        return Math.min(LATEST_MILLIS, Math.max(1, epochMillis));
    }
}
