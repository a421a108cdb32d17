package org.firmament.application.service;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.out.Clock;

/**
 * Values remembered for a fixed time from when they were looked up, at most {@code capacity} of
 * them: the one way the services bound how stale a cached answer can be. Time is counted in
 * milliseconds ({@link Clock#epochMillis}); with a lifetime under one, zero included, nothing is
 * remembered. Two threads missing the same key at once may both look it up; the later
 * answer stays. An answer looked up while {@link #forget} or {@link #forgetAll} ran is not
 * remembered. Inside a {@link FromMemory#attempt} a miss ends the attempt instead of looking up.
 */
final class ExpiringCache<K, V> {

    /** A value and when it expires, in {@link Clock#epochMillis}: a number, not one more object per entry. */
    private record Entry<V>(V value, long expires) {
    }

    private final Clock clock;
    /** How long a value is remembered, in milliseconds; zero: nothing is. */
    private final long lifetimeMillis;
    private final int capacity;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Moves with every forget, so a lookup that began before it is not remembered after it. */
    private final AtomicLong generation = new AtomicLong();

    ExpiringCache(Clock clock, Duration lifetime, int capacity) {
        this.clock = Objects.requireNonNull(clock);
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("lifetime must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.lifetimeMillis = millisOf(lifetime);
        this.capacity = capacity;
    }

    /** {@code duration} (not negative) in milliseconds, the longest a long holds for any longer. */
    static long millisOf(Duration duration) {
        return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toMillis();
    }

    /** {@code at + millis} (not negative), or the latest time a long holds where that overflows. */
    static long plusSaturated(long at, long millis) {
        return at > Long.MAX_VALUE - millis ? Long.MAX_VALUE : at + millis;
    }

    /** The remembered value of {@code key}, or what {@code lookup} answers, remembered from now on. */
    V get(K key, Supplier<V> lookup) {
        return get(key, lookup, found -> true);
    }

    /**
     * As {@link #get(Object, Supplier)}, but what {@code lookup} answers is remembered only when it
     * is {@code worthKeeping}: keys that callers may make up take no room then.
     */
    V get(K key, Supplier<V> lookup, Predicate<V> worthKeeping) {
        if (lifetimeMillis == 0) {
            FromMemory.mayWait();
            return lookup.get();
        }
        long now = clock.epochMillis();
        Entry<V> entry = entries.get(key);
        if (entry != null && now < entry.expires()) {
            return entry.value();
        }
        FromMemory.mayWait();
        long before = generation.get();
        V found = lookup.get();
        if (worthKeeping.test(found)) {
            remember(key, found, before, now);
        }
        return found;
    }

    /**
     * What {@code lookup} answers for {@code key}, whatever is remembered, remembered from now on
     * unless a forget ran meanwhile (the lookup records a change and answers the state it committed).
     */
    V refresh(K key, Supplier<V> lookup) {
        FromMemory.mayWait();
        entries.remove(key);
        if (lifetimeMillis == 0) {
            return lookup.get();
        }
        long before = generation.get();
        V found = lookup.get();
        remember(key, found, before, clock.epochMillis());
        return found;
    }

    /**
     * Remembers {@code found}, looked up from {@code before} (a generation), until {@code now} plus
     * the lifetime, unless a forget ran since. The check and the store are one step holding the
     * key's bin, as a forget's removal does: a forget that moved the generation after that step
     * removes the value before it returns, and one that moved it before keeps it from being
     * stored, so no request sees a value a finished forget was meant to reach.
     */
    private void remember(K key, V found, long before, long now) {
        makeRoom(now);
        Entry<V> entry = new Entry<>(found, plusSaturated(now, lifetimeMillis));
        entries.compute(key, (unused, remembered) -> generation.get() == before ? entry : remembered);
    }

    void forget(K key) {
        // A lookup of this key that began before the change it is forgotten for must not stay.
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** How many values are remembered now (expired ones included until they make room). */
    int size() {
        return entries.size();
    }

    void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void makeRoom(long now) {
        if (entries.size() < capacity) {
            return;
        }
        for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
            if (now >= it.next().expires()) {
                it.remove();
            }
        }
        if (entries.size() >= capacity) {
            // Every entry is fresh (a flood of distinct keys): start over rather than grow.
            entries.clear();
        }
    }
}
