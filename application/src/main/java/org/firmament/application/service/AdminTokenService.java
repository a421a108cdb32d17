package org.firmament.application.service;

import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.AdminTokenUseCase;
import org.firmament.application.port.out.CredentialRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.SecretHash;

/**
 * Use case: the admin token. A configured token wins; without one, a token is generated once
 * per database, shown once, and kept only as its hash, so every instance sharing the database
 * accepts the same token.
 */
public final class AdminTokenService implements AdminTokenUseCase {

    private final TransactionBoundary transactions;
    private final CredentialRepository credentials;
    private final IdGenerator ids;
    private final SecretHash configured;
    private volatile SecretHash effective;

    /** {@code configuredToken} is the operator's token, or empty to use a generated one. */
    public AdminTokenService(TransactionBoundary transactions, CredentialRepository credentials, IdGenerator ids,
                             Optional<String> configuredToken) {
        this.transactions = Objects.requireNonNull(transactions);
        this.credentials = Objects.requireNonNull(credentials);
        this.ids = Objects.requireNonNull(ids);
        this.configured = configuredToken.map(SecretHash::of).orElse(null);
    }

    @Override
    public Optional<String> initialise() {
        if (configured != null) {
            effective = configured;
            return Optional.empty();
        }
        Optional<SecretHash> stored = transactions.inTransaction(credentials::findGeneratedAdminToken);
        if (stored.isPresent()) {
            effective = stored.get();
            return Optional.empty();
        }
        String token = ids.newSecret();
        SecretHash hash = SecretHash.of(token);
        try {
            transactions.run(() -> credentials.storeGeneratedAdminToken(hash));
        } catch (ConcurrentModificationException anotherInstanceWasFirst) {
            effective = transactions.inTransaction(credentials::findGeneratedAdminToken).orElseThrow();
            return Optional.empty();
        }
        effective = hash;
        return Optional.of(token);
    }

    @Override
    public boolean isAdminToken(String presented) {
        return current().matches(presented);
    }

    @Override
    public boolean isAdminToken(SecretHash presented) {
        return current().sameAs(presented);
    }

    private SecretHash current() {
        SecretHash current = effective;
        if (current == null) {
            throw new IllegalStateException("initialise() must run before tokens are checked");
        }
        return current;
    }
}
