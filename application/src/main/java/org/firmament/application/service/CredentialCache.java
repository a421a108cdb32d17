package org.firmament.application.service;

import java.time.Duration;
import java.util.Optional;
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

    private final ExpiringCache<SecretHash, Optional<Principal>> entries;

    public CredentialCache(Clock clock, Duration lifetime, int capacity) {
        this.entries = new ExpiringCache<>(clock, lifetime, capacity);
    }

    /** A cache that remembers nothing: every credential is looked up. */
    public static CredentialCache disabled(Clock clock) {
        return new CredentialCache(clock, Duration.ZERO, 1);
    }

    public Duration lifetime() {
        return entries.lifetime();
    }

    /** The remembered principal of {@code secret}, or what {@code lookup} finds, remembered from now on. */
    Optional<Principal> principalOf(SecretHash secret, Supplier<Optional<Principal>> lookup) {
        return entries.get(secret, lookup);
    }

    /** Forgets {@code secret} at once: its key was revoked, rotated or its holder changed. */
    void forget(SecretHash secret) {
        entries.forget(secret);
    }
}
