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
 * Values remembered for a fixed time, at most {@code capacity} of them: the one way the services
 * bound how long a cached answer stays. The time counts from when a value was looked up
 * ({@link Expiry#AFTER_LOOKUP}: the lifetime bounds how stale an answer can be) or from when it was
 * last used ({@link Expiry#AFTER_LAST_USE}: for caches that something else keeps from going stale,
 * an epoch every change moves; the lifetime only frees what nobody asks for). Time is counted in
 * milliseconds ({@link Clock#epochMillis}); with a lifetime under one, zero included, nothing is
 * remembered. Two threads missing the same key at once may both look it up; the later
 * answer stays. An answer looked up while {@link #forget} or {@link #forgetAll} ran is not
 * remembered. Inside a {@link FromMemory#attempt} a miss ends the attempt instead of looking up.
 */
final class ExpiringCache<K, V> {

    /** What a remembered value's lifetime counts from. */
    enum Expiry {
        /** Its lookup: the lifetime is how stale an answer may be. */
        AFTER_LOOKUP,
        /**
         * Its last use: a value in use stays until forgotten, so a fleet polling more often than the
         * lifetime is looked up once, not once per lifetime (and not all at once, a lifetime after a
         * start that looked the whole fleet up within minutes).
         */
        AFTER_LAST_USE
    }

    /**
     * A value and when it expires, in {@link Clock#epochMillis}: a number, not one more object per
     * entry. Moved on by its uses under {@link Expiry#AFTER_LAST_USE}; a use that races another
     * writes an expiry as late, give or take the clock's reading.
     */
    private static final class Entry<V> {
        private final V value;
        private volatile long expires;

        Entry(V value, long expires) {
            this.value = value;
            this.expires = expires;
        }
    }

    private final Clock clock;
    /** How long a value is remembered, in milliseconds; zero: nothing is. */
    private final long lifetimeMillis;
    /**
     * Under {@link Expiry#AFTER_LAST_USE}, a use moves its value's expiry on only when less than
     * this is left: once per sixteenth of the lifetime at most, so a value polled all the time is
     * not written to at every poll. Zero: uses never move it ({@link Expiry#AFTER_LOOKUP}).
     */
    private final long renewBelowMillis;
    private final int capacity;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Moves with every forget, so a lookup that began before it is not remembered after it. */
    private final AtomicLong generation = new AtomicLong();

    ExpiringCache(Clock clock, Duration lifetime, Expiry expiry, int capacity) {
        this.clock = Objects.requireNonNull(clock);
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("lifetime must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.lifetimeMillis = millisOf(lifetime);
        this.renewBelowMillis = switch (Objects.requireNonNull(expiry)) {
            case AFTER_LOOKUP -> 0;
            case AFTER_LAST_USE -> lifetimeMillis - lifetimeMillis / 16;
        };
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
        if (entry != null) {
            long expires = entry.expires;
            if (now < expires) {
                if (expires - now < renewBelowMillis) {
                    entry.expires = plusSaturated(now, lifetimeMillis);
                }
                return entry.value;
            }
        }
        FromMemory.mayWait();
        long before = generation.get();
        V found = lookup.get();
        if (generation.get() == before && worthKeeping.test(found)) {
            makeRoom(now);
            entries.put(key, new Entry<>(found, plusSaturated(now, lifetimeMillis)));
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
        if (generation.get() == before) {
            long now = clock.epochMillis();
            makeRoom(now);
            entries.put(key, new Entry<>(found, plusSaturated(now, lifetimeMillis)));
        }
        return found;
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
            if (now >= it.next().expires) {
                it.remove();
            }
        }
        if (entries.size() >= capacity) {
            // Every entry is fresh (a flood of distinct keys): start over rather than grow.
            entries.clear();
        }
    }
}
