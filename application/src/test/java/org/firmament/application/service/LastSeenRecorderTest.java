package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final DeviceId ONE = DeviceId.of("dev-1");
    private static final DeviceId TWO = DeviceId.of("dev-2");

    /** Each thread's clock: the racing test's threads note their own rising times. */
    private final ThreadLocal<Instant> now = ThreadLocal.withInitial(() -> T0);
    private final Fakes.Devices devices = new Fakes.Devices();
    private final LastSeenRecorder recorder = new LastSeenRecorder(new Fakes.Transactions(), devices, now::get);

    @Test
    void aFlushWritesEachDevicesLatestTime_toTheMillisecond() {
        recorder.seen(ONE);
        now.set(T0.plusMillis(1));
        recorder.seen(ONE);
        now.set(T0.plusMillis(1).plusNanos(999_999));
        recorder.seen(TWO);

        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0.plusMillis(1), TWO, T0.plusMillis(1))), devices.lastSeenWritten);
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
    void aDeviceKeepsItsSlotWhileSeenWithinTheIdleBound_andLosesItAfter() {
        recorder.seen(ONE);
        recorder.flush();
        now.set(T0.plus(LastSeenRecorder.KEEP_IDLE).minusSeconds(1));
        recorder.flush();
        assertEquals(1, recorder.slotCount(), "kept: the device may poll again within the bound");

        now.set(T0.plus(LastSeenRecorder.KEEP_IDLE).plusSeconds(1));
        recorder.flush();
        assertEquals(0, recorder.slotCount(), "dropped: not seen for longer than the bound");
        assertEquals(List.of(Map.of(ONE, T0)), devices.lastSeenWritten, "nothing written twice");
    }

    @Test
    void aDeviceSeenAgainAfterItsSlotWasDropped_isWrittenWithTheNextFlush() {
        recorder.seen(ONE);
        recorder.flush();
        Instant later = T0.plus(LastSeenRecorder.KEEP_IDLE).plusSeconds(1);
        now.set(later);
        recorder.flush();
        recorder.seen(ONE);
        assertEquals(1, recorder.slotCount());
        assertEquals(1, recorder.pendingCount());

        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0), Map.of(ONE, later)), devices.lastSeenWritten);
    }

    @Test
    void aHeldSlotNotesTheDevice_untilAFlushDropsIt_thenANewOneIsTaken() {
        LastSeenRecorder.Slot held = recorder.seen(ONE, null);
        now.set(T0.plusSeconds(1));
        assertSame(held, recorder.seen(ONE, held));
        assertSame(held, recorder.seen(ONE, null), "the device's one slot, found by its id");
        recorder.flush();
        assertEquals(List.of(Map.of(ONE, T0.plusSeconds(1))), devices.lastSeenWritten);

        Instant later = T0.plus(LastSeenRecorder.KEEP_IDLE).plusSeconds(2);
        now.set(later);
        recorder.flush();
        assertEquals(0, recorder.slotCount(), "dropped");
        LastSeenRecorder.Slot taken = recorder.seen(ONE, held);
        assertNotSame(held, taken);
        assertEquals(1, recorder.slotCount());
        assertSame(taken, recorder.seen(ONE, taken));

        recorder.flush();
        assertEquals(List.of(Map.of(ONE, T0.plusSeconds(1)), Map.of(ONE, later)), devices.lastSeenWritten);
    }

    @Test
    void aFailedFlushPutsTheTimesBack_aLaterCheckInDuringTheWriteWins() {
        recorder.seen(ONE);
        recorder.seen(TWO);
        devices.failLastSeen = true;
        devices.whileWritingLastSeen = () -> {
            now.set(T0.plusSeconds(5));
            recorder.seen(TWO);
        };
        assertThrows(IllegalStateException.class, recorder::flush);
        assertEquals(2, recorder.pendingCount());

        devices.failLastSeen = false;
        devices.whileWritingLastSeen = () -> { };
        recorder.flush();

        assertEquals(List.of(Map.of(ONE, T0, TWO, T0.plusSeconds(5))), devices.lastSeenWritten);
        assertEquals(0, recorder.pendingCount());
    }

    @Test
    void aClockOutsideTheRecordableRange_isClampedRatherThanFailingTheCheckIn() {
        now.set(Instant.parse("1960-01-01T00:00:00Z"));
        recorder.seen(ONE);
        now.set(Instant.MAX);
        recorder.seen(TWO);

        recorder.flush();

        Map<DeviceId, Instant> written = devices.lastSeenWritten.get(0);
        assertEquals(Instant.ofEpochMilli(1), written.get(ONE));
        assertTrue(written.get(TWO).isAfter(Instant.parse("2262-01-01T00:00:00Z")));
        assertTrue(written.get(TWO).isBefore(Instant.parse("2263-01-01T00:00:00Z")));
    }

    /** Check-ins raise slots that a flush is writing. */
    @Test
    void checkInsRacingTheWriting_loseNoDeviceAndNoLatestTime() throws Exception {
        checkInsRacingFlushes(3, false);
    }

    /** Each round waits for a flush to write its slots, so the next round races the flush dropping them. */
    @Test
    void checkInsRacingTheDropping_loseNoDeviceAndNoLatestTime() throws Exception {
        checkInsRacingFlushes(10, true);
    }

    /** As the credential cache notes devices: through the slot each check-in held from the last. */
    @Test
    void checkInsThroughHeldSlotsRacingTheWritingAndTheDropping_loseNoDeviceAndNoLatestTime() throws Exception {
        checkInsRacingFlushes(3, false, true);
        checkInsRacingFlushes(10, true, true);
    }

    /**
     * Four threads note rising times for devices of their own while another flushes without a
     * pause, its clock past the idle bound; in the end each device's latest written time is the
     * last it was seen at. Only the last round's notes can show a loss (a later round repairs an
     * earlier one), so each test runs many devices.
     */
    private void checkInsRacingFlushes(int rounds, boolean waitForAFlushBetweenRounds) throws Exception {
        checkInsRacingFlushes(rounds, waitForAFlushBetweenRounds, false);
    }

    private void checkInsRacingFlushes(int rounds, boolean waitForAFlushBetweenRounds, boolean holdSlots)
            throws Exception {
        devices.lastSeenWritten.clear();
        int threads = 4;
        int devicesPerThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean checkingIn = new AtomicBoolean(true);
            AtomicInteger flushes = new AtomicInteger();
            List<Future<?>> checkIns = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * devicesPerThread;
                checkIns.add(pool.submit(() -> {
                    LastSeenRecorder.Slot[] held = new LastSeenRecorder.Slot[devicesPerThread];
                    start.await();
                    for (int round = 1; round <= rounds; round++) {
                        // Each thread owns its devices and notes rising times.
                        now.set(T0.plusMillis(round));
                        for (int d = first; d < first + devicesPerThread; d++) {
                            DeviceId device = DeviceId.of("dev-" + d);
                            if (holdSlots) {
                                held[d - first] = recorder.seen(device, held[d - first]);
                            } else {
                                recorder.seen(device);
                            }
                        }
                        // Once a flush has written these slots, the next one drops them while
                        // the next round raises them.
                        int after = flushes.get() + 1;
                        while (waitForAFlushBetweenRounds && flushes.get() < after) {
                            Thread.yield();
                        }
                    }
                    return null;
                }));
            }
            Future<?> flusher = pool.submit(() -> {
                now.set(T0.plus(LastSeenRecorder.KEEP_IDLE).plusSeconds(1));
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
                batch.forEach((device, at) -> latest.merge(device, at, (a, b) -> a.isAfter(b) ? a : b));
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
