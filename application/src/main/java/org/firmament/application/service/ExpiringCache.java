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
 * answer stays, unless the earlier one was committed by its own lookup ({@link #getCommitting},
 * {@link #refresh}): then no answer of a lookup that began before that store replaces it. An answer
 * looked up while {@link #forget} or {@link #forgetAll} ran is not remembered. Inside a
 * {@link FromMemory#attempt} a miss ends the attempt instead of looking up.
 */
final class ExpiringCache<K, V> {

    /**
     * A value and when it expires, in {@link Clock#epochMillis}: a number, not one more object per
     * entry; and for a value its own lookup committed, the {@link #ticks} of that store (else
     * {@link #READ}), which no lookup that began before may replace.
     */
    private record Entry<V>(V value, long expires, long committedAt) {
    }

    /** What a lookup found, and whether it committed it itself (a change it made, not one it read). */
    record Found<V>(V value, boolean committedByLookup) {
    }

    /** {@link Entry#committedAt} of a value a lookup read: any later store may replace it. */
    private static final long READ = Long.MIN_VALUE;

    private final Clock clock;
    /** How long a value is remembered, in milliseconds; zero: nothing is. */
    private final long lifetimeMillis;
    private final int capacity;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /**
     * Counts forgets and stores of committed values: a lookup notes it when it begins, so that what
     * it found is not stored after a forget or over a committed value that came after it began.
     */
    private final AtomicLong ticks = new AtomicLong();
    /** The {@link #ticks} of the latest forget. */
    private final AtomicLong forgottenAt = new AtomicLong();

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
        long now = clock.epochMillis();
        Entry<V> entry = living(key, now);
        return entry != null ? entry.value()
                : lookUp(key, now, () -> new Found<>(lookup.get(), false), worthKeeping);
    }

    /**
     * As {@link #get(Object, Supplier)}, for a lookup that may commit a change of the key's value
     * itself (and says whether it did): a value it committed is stored as {@link #refresh} stores.
     */
    V getCommitting(K key, Supplier<Found<V>> lookup) {
        long now = clock.epochMillis();
        Entry<V> entry = living(key, now);
        return entry != null ? entry.value() : lookUp(key, now, lookup, found -> true);
    }

    /** The entry of {@code key} while it lives at {@code now}; null for none (with a lifetime of zero, always). */
    private Entry<V> living(K key, long now) {
        if (lifetimeMillis == 0) {
            return null;
        }
        Entry<V> entry = entries.get(key);
        return entry != null && now < entry.expires() ? entry : null;
    }

    /** A miss at {@code now}: what {@code lookup} finds, remembered as it says. */
    private V lookUp(K key, long now, Supplier<Found<V>> lookup, Predicate<V> worthKeeping) {
        FromMemory.mayWait();
        if (lifetimeMillis == 0) {
            return lookup.get().value();
        }
        long before = ticks.get();
        Found<V> found = lookup.get();
        if (found.committedByLookup()) {
            rememberCommitted(key, found.value(), before, now);
        } else if (worthKeeping.test(found.value())) {
            remember(key, found.value(), before, now);
        }
        return found.value();
    }

    /**
     * What {@code lookup} answers for {@code key}, whatever is remembered (the lookup records a
     * change and answers the state it committed): remembered from now on, over whatever a lookup
     * that began before stored or will store, unless a forget ran meanwhile.
     */
    V refresh(K key, Supplier<V> lookup) {
        FromMemory.mayWait();
        entries.remove(key);
        if (lifetimeMillis == 0) {
            return lookup.get();
        }
        long before = ticks.get();
        V found = lookup.get();
        rememberCommitted(key, found, before, clock.epochMillis());
        return found;
    }

    /**
     * Remembers {@code found}, looked up from {@code before} (the {@link #ticks}), until {@code now}
     * plus the lifetime, unless a forget ran since or what is remembered was committed after the
     * lookup began. The check and the store are one step holding the key's bin, as a forget's
     * removal does: a forget that moved the ticks after that step removes the value before it
     * returns, and one that moved them before keeps it from being stored, so no request sees a
     * value a finished forget was meant to reach.
     */
    private void remember(K key, V found, long before, long now) {
        makeRoom(now);
        Entry<V> entry = new Entry<>(found, plusSaturated(now, lifetimeMillis), READ);
        entries.compute(key, (unused, remembered) -> forgottenAt.get() <= before
                && (remembered == null || remembered.committedAt() <= before) ? entry : remembered);
    }

    /**
     * Remembers {@code found}, which its own lookup (from {@code before}) committed, over what a
     * lookup that began earlier stored, and keeps any lookup that began before this store from
     * storing over it: such a lookup may have read the value from before the commit, while one that
     * began after reads the committed value or a later one. When a forget ran during the lookup, or
     * another committed value was stored meanwhile (which of the two commits came last is not known
     * here), nothing is stored, the key is forgotten, and so is every lookup still under way.
     */
    private void rememberCommitted(K key, V found, long before, long now) {
        makeRoom(now);
        long expires = plusSaturated(now, lifetimeMillis);
        entries.compute(key, (unused, remembered) -> {
            long stored = ticks.incrementAndGet();
            if (forgottenAt.get() <= before && (remembered == null || remembered.committedAt() <= before)) {
                return new Entry<>(found, expires, stored);
            }
            refuseLookupsUnderWay();
            return null;
        });
    }

    void forget(K key) {
        // A lookup of this key that began before the change it is forgotten for must not stay.
        refuseLookupsUnderWay();
        entries.remove(key);
    }

    /** Keeps what every lookup begun before now finds from being stored. */
    private void refuseLookupsUnderWay() {
        forgottenAt.accumulateAndGet(ticks.incrementAndGet(), Math::max);
    }

    /** How many values are remembered now (expired ones included until they make room). */
    int size() {
        return entries.size();
    }

    void forgetAll() {
        refuseLookupsUnderWay();
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
            // Every entry is fresh (a flood of distinct keys): start over rather than grow, as a
            // forget does, so that no lookup under way stores over a committed value cleared here.
            forgetAll();
        }
    }
}
