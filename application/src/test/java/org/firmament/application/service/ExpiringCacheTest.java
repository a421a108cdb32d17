package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.firmament.application.port.out.Clock;
import org.junit.jupiter.api.Test;

/** The caches' and epoch checks' time arithmetic, in milliseconds of {@link Clock#epochMillis}. */
class ExpiringCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    private Instant now = T0;
    private final AtomicInteger lookups = new AtomicInteger();

    private String lookUp() {
        return "value " + lookups.incrementAndGet();
    }

    @Test
    void aValueLivesItsLifetimeToTheMillisecondAndIsLookedUpAgainThen() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(5), 10);
        assertEquals("value 1", cache.get("key", this::lookUp));
        now = T0.plusMillis(4_999);
        assertEquals("value 1", cache.get("key", this::lookUp));
        now = T0.plusMillis(5_000);
        assertEquals("value 2", cache.get("key", this::lookUp));
    }

    /** A key that runs {@code onHash} at the {@code at}-th time it is hashed: a hook into the cache's steps. */
    private static final class HookedKey {
        private final int at;
        private final Runnable onHash;
        private int hashes;

        HookedKey(int at, Runnable onHash) {
            this.at = at;
            this.onHash = onHash;
        }

        @Override
        public int hashCode() {
            if (++hashes == at) {
                onHash.run();
            }
            return 1;
        }
    }

    @Test
    void aForgetAfterALookupWhileItsValueIsBeingStored_isNotOutlivedByIt() {
        ExpiringCache<HookedKey, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(5), 10);
        // get hashes the key to find it (1st), then to store what it looked up (2nd): a forget runs
        // then, after the lookup, while the value is being stored.
        HookedKey[] key = new HookedKey[1];
        key[0] = new HookedKey(2, () -> cache.forget(key[0]));
        assertEquals("value 1", cache.get(key[0], this::lookUp));
        assertEquals("value 2", cache.get(key[0], this::lookUp), "what the forget raced is not remembered");
        assertEquals("value 2", cache.get(key[0], this::lookUp));

        HookedKey other = new HookedKey(2, cache::forgetAll);
        cache.refresh(other, this::lookUp); // refresh hashes to remove (1st), then to store (2nd)
        assertEquals("value 4", cache.get(other, this::lookUp), "what forgetAll raced is not remembered");
        assertEquals(1, cache.size(), "only the value looked up after it");
    }

    // ---- values their own lookup committed ----

    private ExpiringCache<String, String> cache() {
        return new ExpiringCache<>(() -> now, Duration.ofSeconds(5), 10);
    }

    @Test
    void aValueItsOwnLookupCommitted_isNotReplacedByALookupThatBeganBeforeItWasStored() {
        ExpiringCache<String, String> cache = cache();
        // A poll read the value from before a commit; the commit's own lookup stores first.
        String polled = cache.get("key", () -> {
            cache.refresh("key", () -> "committed");
            return "read before the commit";
        });
        assertEquals("read before the commit", polled);
        assertEquals("committed", cache.get("key", this::lookUp));

        String alsoPolled = cache.getCommitting("other", () -> {
            cache.getCommitting("other", () -> new ExpiringCache.Found<>("committed by a check-in", true));
            return new ExpiringCache.Found<>("read before the commit", false);
        });
        assertEquals("read before the commit", alsoPolled);
        assertEquals("committed by a check-in", cache.get("other", this::lookUp));
        assertEquals(0, lookups.get());
    }

    @Test
    void aValueALookupReadIsReplacedByOneThatBeganLater_asBefore() {
        ExpiringCache<String, String> cache = cache();
        String first = cache.getCommitting("key", () -> {
            cache.getCommitting("key", () -> new ExpiringCache.Found<>("read by the later lookup", false));
            return new ExpiringCache.Found<>("read by the earlier lookup", false);
        });
        assertEquals("read by the earlier lookup", first);
        assertEquals("read by the earlier lookup", cache.get("key", this::lookUp), "the later answer stays");

        cache.refresh("key", () -> "committed");
        now = T0.plusMillis(5_000);
        assertEquals("value 1", cache.get("key", this::lookUp), "a committed value expires as any other");
        assertEquals("value 1", cache.get("key", this::lookUp), "and one looked up after it is stored");
    }

    @Test
    void twoCommittedValuesStoredAcrossEachOther_areBothForgotten_forNeitherIsKnownToBeTheLater() {
        ExpiringCache<String, String> cache = cache();
        cache.refresh("key", () -> {
            cache.refresh("key", () -> "committed second, stored first");
            return "committed first, stored second";
        });
        assertEquals("value 1", cache.get("key", this::lookUp));
    }

    @Test
    void aCommittedValueWhoseLookupAForgetRaced_isNotStored_norIsWhatALookupBegunMeanwhileRead()
            throws Exception {
        ExpiringCache<String, String> cache = cache();
        java.util.concurrent.CountDownLatch forgotten = new java.util.concurrent.CountDownLatch(1);
        // The check-in's recording: its lookup runs across a forget (another change, here) and
        // across a poll that begins after that forget and reads the value from before the commit.
        Thread recording = new Thread(() -> cache.refresh("key", () -> {
            try {
                forgotten.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "committed while a forget ran";
        }));
        recording.start();
        while (recording.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        cache.forget("another key");
        String polled = cache.get("key", () -> {
            forgotten.countDown();
            try {
                recording.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "read before the commit";
        });
        assertEquals("read before the commit", polled);
        assertEquals("value 1", cache.get("key", this::lookUp), "neither was remembered");
    }

    @Test
    void aLifetimeLongerThanMillisecondsCanCountIsForeverNotAnOverflow() {
        for (Duration lifetime : new Duration[] {ChronoUnit.FOREVER.getDuration(), Duration.ofMillis(Long.MAX_VALUE)}) {
            ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, lifetime, 10);
            now = T0;
            String first = cache.get("key", this::lookUp);
            now = Instant.parse("9999-12-31T23:59:59Z");
            assertEquals(first, cache.get("key", this::lookUp));
        }
    }

    @Test
    void aPeriodicCheckRunsOncePerPeriodAndAgainAtOnceAfterAFailure() {
        PeriodicCheck check = new PeriodicCheck(() -> now, Duration.ofSeconds(2));
        AtomicInteger runs = new AtomicInteger();
        check.runIfDue(() -> runs.incrementAndGet() > 0);
        now = T0.plusMillis(1_999);
        check.runIfDue(() -> runs.incrementAndGet() > 0);
        assertEquals(1, runs.get());
        now = T0.plusMillis(2_000);
        check.runIfDue(() -> runs.incrementAndGet() < 0);
        check.runIfDue(() -> runs.incrementAndGet() > 0);
        assertEquals(3, runs.get());
        PeriodicCheck never = new PeriodicCheck(() -> now, ChronoUnit.FOREVER.getDuration());
        never.runIfDue(() -> runs.incrementAndGet() > 0);
        now = Instant.parse("9999-12-31T23:59:59Z");
        never.runIfDue(() -> runs.incrementAndGet() > 0);
        assertEquals(4, runs.get());
    }

    @Test
    void aNegativePeriodOrLifetimeIsRefusedRatherThanReadAsNever() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodicCheck(() -> now, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> new ExpiringCache<>(() -> now, Duration.ofMillis(-1), 10));
    }

    @Test
    void aClockBeyondWhatMillisecondsCountAnswersTheirEndRatherThanFailing() {
        assertEquals(Long.MAX_VALUE, ((Clock) () -> Instant.MAX).epochMillis());
        assertEquals(Long.MIN_VALUE, ((Clock) () -> Instant.MIN).epochMillis());
        assertEquals(-1, ((Clock) () -> Instant.EPOCH.minusNanos(1)).epochMillis());
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(5), 10);
        now = Instant.MAX;
        assertEquals("value 1", cache.get("key", this::lookUp));
        assertEquals("value 2", cache.get("key", this::lookUp), "at the end of time nothing stays");
    }

    @Test
    void theSystemClocksMillisecondsAreItsInstantsMilliseconds() {
        Clock clock = Clock.system();
        long before = clock.now().toEpochMilli();
        long millis = clock.epochMillis();
        long after = clock.now().toEpochMilli();
        assertTrue(before <= millis && millis <= after, before + " <= " + millis + " <= " + after);
    }
}
