package org.firmament.application.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.device.DeviceId;

/**
 * When devices were last seen, kept in memory and written in one batch per {@link #flush}, so that a
 * check-in costs no database write. The server flushes on a fixed period and once more on shutdown;
 * a crash loses at most one period of last-seen times, which the next check-in restores.
 */
public final class LastSeenRecorder {

    private final TransactionBoundary transactions;
    private final DeviceRepository devices;
    private final Clock clock;
    private final Map<DeviceId, Instant> pending = new ConcurrentHashMap<>();

    public LastSeenRecorder(TransactionBoundary transactions, DeviceRepository devices, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.devices = Objects.requireNonNull(devices);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Notes that {@code device} checked in now; written with the next flush. */
    public void seen(DeviceId device) {
        pending.merge(device, clock.now(), (earlier, later) -> later.isAfter(earlier) ? later : earlier);
    }

    /** How many devices wait to be written. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Writes what was noted since the last flush in one batch. A failed write puts the times back
     * (a later time noted meanwhile wins), so they are tried again with the next flush.
     */
    public synchronized void flush() {
        Map<DeviceId, Instant> batch = new HashMap<>();
        for (Map.Entry<DeviceId, Instant> entry : pending.entrySet()) {
            batch.put(entry.getKey(), entry.getValue());
        }
        if (batch.isEmpty()) {
            return;
        }
        // Removed only when unchanged: a check-in noted meanwhile stays for the next flush.
        batch.forEach(pending::remove);
        try {
            transactions.run(() -> devices.recordLastSeen(batch));
        } catch (RuntimeException e) {
            batch.forEach((device, at) -> pending.merge(device, at,
                    (newer, older) -> newer.isAfter(older) ? newer : older));
            throw e;
        }
    }
}
