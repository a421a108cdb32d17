package org.firmament.application.service;

import static org.firmament.application.service.ExpiringCache.Expiry.AFTER_LAST_USE;
import static org.firmament.application.service.ExpiringCache.Expiry.AFTER_LOOKUP;
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
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(5), AFTER_LOOKUP, 10);
        assertEquals("value 1", cache.get("key", this::lookUp));
        now = T0.plusMillis(4_999);
        assertEquals("value 1", cache.get("key", this::lookUp));
        now = T0.plusMillis(5_000);
        assertEquals("value 2", cache.get("key", this::lookUp));
    }

    @Test
    void afterItsLookupAValueInUseIsLookedUpAgainAllTheSame() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(16), AFTER_LOOKUP, 10);
        cache.get("key", this::lookUp);
        for (int second = 1; second < 16; second++) {
            now = T0.plusSeconds(second);
            assertEquals("value 1", cache.get("key", this::lookUp));
        }
        now = T0.plusSeconds(16);
        assertEquals("value 2", cache.get("key", this::lookUp));
    }

    @Test
    void afterItsLastUseAValueInUseStays_andGoesALifetimeAfterTheUseThatLastMovedItOn() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(16), AFTER_LAST_USE, 10);
        cache.get("key", this::lookUp);
        for (int second = 1; second <= 100; second++) {
            now = T0.plusSeconds(second);
            assertEquals("value 1", cache.get("key", this::lookUp), "used every second, at " + second + " s");
        }
        // A use moves the expiry on to 16 s after it once a sixteenth of it (1 s) is gone: the use at
        // 100 s left it at 116 s, and the one at 115.999 s at 131.999 s.
        now = T0.plusMillis(115_999);
        assertEquals("value 1", cache.get("key", this::lookUp));
        now = T0.plusMillis(131_999);
        assertEquals("value 2", cache.get("key", this::lookUp), "unused for its lifetime");
        assertEquals(2, lookups.get());
    }

    @Test
    void aUseMovesTheExpiryOnOnlyOnceASixteenthOfTheLifetimeIsGone_soFrequentUsesWriteNothing() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(16), AFTER_LAST_USE, 10);
        cache.get("key", this::lookUp);
        now = T0.plusMillis(1_000);
        cache.get("key", this::lookUp); // 15 s left, not less than 15: the expiry stays at 16 s
        now = T0.plusMillis(16_000);
        assertEquals("value 2", cache.get("key", this::lookUp));
        now = T0.plusMillis(17_001);
        cache.get("key", this::lookUp); // 14.999 s left: moved on to 33.001 s
        now = T0.plusMillis(33_000);
        assertEquals("value 2", cache.get("key", this::lookUp)); // moved on to 49 s
        now = T0.plusMillis(49_000);
        assertEquals("value 3", cache.get("key", this::lookUp));
    }

    @Test
    void aLifetimeLongerThanMillisecondsCanCountIsForeverNotAnOverflow() {
        for (Duration lifetime : new Duration[] {ChronoUnit.FOREVER.getDuration(), Duration.ofMillis(Long.MAX_VALUE)}) {
          for (ExpiringCache.Expiry expiry : ExpiringCache.Expiry.values()) {
            ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, lifetime, expiry, 10);
            now = T0;
            String first = cache.get("key", this::lookUp);
            now = Instant.parse("9999-12-31T23:59:59Z");
            assertEquals(first, cache.get("key", this::lookUp));
          }
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
        assertThrows(IllegalArgumentException.class, () -> new ExpiringCache<>(() -> now, Duration.ofMillis(-1), AFTER_LOOKUP, 10));
    }

    @Test
    void aClockBeyondWhatMillisecondsCountAnswersTheirEndRatherThanFailing() {
        assertEquals(Long.MAX_VALUE, ((Clock) () -> Instant.MAX).epochMillis());
        assertEquals(Long.MIN_VALUE, ((Clock) () -> Instant.MIN).epochMillis());
        assertEquals(-1, ((Clock) () -> Instant.EPOCH.minusNanos(1)).epochMillis());
        ExpiringCache<String, String> cache = new ExpiringCache<>(() -> now, Duration.ofSeconds(5), AFTER_LOOKUP, 10);
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
