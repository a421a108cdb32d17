package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.firmament.domain.device.DeviceId;
import org.junit.jupiter.api.Test;

class LastSeenRecorderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
    private static final DeviceId ONE = DeviceId.of("dev-1");
    private static final DeviceId TWO = DeviceId.of("dev-2");

    /** Each thread's clock: the racing test's threads note their own rising times. */
    private final ThreadLocal<Instant> now = ThreadLocal.withInitial(() -> T0);
    private final Fakes.Devices devices = new Fakes.Devices();
    private final LastSeenRecorder recorder = new LastSeenRecorder(new Fakes.Transactions(), devices, now::get);

    @Test
    void aFlushWritesEachDevicesLatestTime_toTheNanosecond() {
        recorder.seen(ONE);
        now.set(T0.plusNanos(1));
        recorder.seen(ONE);
        recorder.seen(TWO);

        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0.plusNanos(1), TWO, T0.plusNanos(1))), devices.lastSeenWritten);
    }

    @Test
    void aCheckInNotedWithAnEarlierClockDoesNotMoveTheTimeBack() {
        now.set(T0.plusSeconds(20));
        recorder.seen(ONE);
        now.set(T0.plusSeconds(15));
        recorder.seen(ONE);

        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0.plusSeconds(20))), devices.lastSeenWritten);
    }

    @Test
    void nothingSeenSinceTheLastFlush_nothingWritten() {
        recorder.flush();
        recorder.seen(ONE);
        recorder.flush();
        recorder.flush();

        assertEquals(1, devices.lastSeenBatches);
        assertEquals(0, recorder.pendingCount());
    }

    @Test
    void aDeviceSeenAgainAfterItsSlotWasDropped_isWrittenWithTheNextFlush() {
        recorder.seen(ONE);
        recorder.flush();
        recorder.flush(); // not seen for a whole period: its slot is dropped
        now.set(T0.plusSeconds(60));
        recorder.seen(ONE);
        assertEquals(1, recorder.pendingCount());

        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0), Map.of(ONE, T0.plusSeconds(60))), devices.lastSeenWritten);
    }

    @Test
    void aFailedFlushPutsTheTimesBack_aLaterCheckInMeanwhileWins() {
        recorder.seen(ONE);
        recorder.seen(TWO);
        devices.failLastSeen = true;
        assertThrows(IllegalStateException.class, recorder::flush);
        assertEquals(2, recorder.pendingCount());

        now.set(T0.plusSeconds(5));
        recorder.seen(TWO);
        devices.failLastSeen = false;
        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0, TWO, T0.plusSeconds(5))), devices.lastSeenWritten);
        assertEquals(0, recorder.pendingCount());
    }

    @Test
    void checkInsRacingFlushes_loseNoDeviceAndNoLatestTime() throws Exception {
        int threads = 4;
        int devicesPerThread = 5_000;
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean checkingIn = new AtomicBoolean(true);
            AtomicInteger flushes = new AtomicInteger();
            List<Future<?>> checkIns = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * devicesPerThread;
                checkIns.add(pool.submit(() -> {
                    start.await();
                    for (int round = 1; round <= rounds; round++) {
                        // Each thread owns its devices and notes rising times.
                        now.set(T0.plusMillis(round));
                        for (int d = first; d < first + devicesPerThread; d++) {
                            recorder.seen(DeviceId.of("dev-" + d));
                        }
                        // Once a flush has emptied these slots, the next one drops them while
                        // the next round raises them.
                        int after = flushes.get() + 1;
                        while (flushes.get() < after) {
                            Thread.yield();
                        }
                    }
                    return null;
                }));
            }
            Future<?> flusher = pool.submit(() -> {
                start.await();
                while (checkingIn.get()) {
                    recorder.flush();
                    flushes.incrementAndGet();
                }
                return null;
            });
            start.countDown();
            for (Future<?> checkIn : checkIns) {
                checkIn.get(60, TimeUnit.SECONDS);
            }
            checkingIn.set(false);
            flusher.get(60, TimeUnit.SECONDS);
            recorder.flush();

            Map<DeviceId, Instant> latest = new HashMap<>();
            for (Map<DeviceId, Instant> batch : devices.lastSeenWritten) {
                batch.forEach((device, at) -> {
                    Instant before = latest.put(device, at);
                    assertTrue(before == null || at.isAfter(before), "a flush wrote an older time than before");
                });
            }
            assertEquals(threads * devicesPerThread, latest.size());
            latest.forEach((device, at) -> assertEquals(T0.plusMillis(rounds), at, device.value()));
            assertEquals(0, recorder.pendingCount());
            assertTrue(devices.lastSeenBatches >= 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
