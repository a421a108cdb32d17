package org.firmament.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.firmament.application.port.out.Clock;
import org.firmament.domain.access.Principal;
import org.firmament.domain.access.SecretHash;

/**
 * Who a stored credential (a project key, a device key) belongs to, remembered for a short,
 * fixed time so that devices polling often do not cost a database read each.
 *
 * <p>The bound is what operators rely on: a key revoked, rotated or deleted on this instance is
 * forgotten here at once (the services that change keys call {@link #forget}); on other instances
 * sharing the database it stops working at most {@code lifetime} later. Unknown keys are
 * remembered too, so guessing costs no database reads; a newly created key cannot be among them,
 * because nobody could have presented it before. At most {@code capacity} entries are kept.
 */
public final class CredentialCache {

    private record Entry(Optional<Principal> principal, Instant expires) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final Map<SecretHash, Entry> entries = new ConcurrentHashMap<>();

    public CredentialCache(Clock clock, Duration lifetime, int capacity) {
        this.clock = Objects.requireNonNull(clock);
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("lifetime must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    /** A cache that remembers nothing: every credential is looked up. */
    public static CredentialCache disabled(Clock clock) {
        return new CredentialCache(clock, Duration.ZERO, 1);
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The remembered principal of {@code secret}, or what {@code lookup} finds, remembered from now on. */
    Optional<Principal> principalOf(SecretHash secret, Supplier<Optional<Principal>> lookup) {
        if (lifetime.isZero()) {
            return lookup.get();
        }
        Instant now = clock.now();
        Entry entry = entries.get(secret);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.principal();
        }
        Optional<Principal> found = lookup.get();
        makeRoom(now);
        entries.put(secret, new Entry(found, now.plus(lifetime)));
        return found;
    }

    /** Forgets {@code secret} at once: its key was revoked, rotated or its holder changed. */
    void forget(SecretHash secret) {
        entries.remove(secret);
    }

    private void makeRoom(Instant now) {
        if (entries.size() < capacity) {
            return;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expires())) {
                it.remove();
            }
        }
        if (entries.size() >= capacity) {
            // Every entry is fresh (a flood of distinct keys): start over rather than grow.
            entries.clear();
        }
    }
}
