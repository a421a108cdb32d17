package org.firmament.application.service;

import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.DownloadSigningKeyUseCase;
import org.firmament.application.port.out.CredentialRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.ConcurrentModificationException;

/**
 * Use case: the download signing key. A configured key wins; without one, a key is generated once
 * per database and kept there, so every instance signs links the others accept. Read once: the
 * key never changes while instances run (replacing it means restarting them all).
 */
public final class DownloadSigningKeyService implements DownloadSigningKeyUseCase {

    private final TransactionBoundary transactions;
    private final CredentialRepository credentials;
    private final IdGenerator ids;
    private final Optional<String> configured;
    private volatile String effective;

    public DownloadSigningKeyService(TransactionBoundary transactions, CredentialRepository credentials,
                                     IdGenerator ids, Optional<String> configuredKey) {
        this.transactions = Objects.requireNonNull(transactions);
        this.credentials = Objects.requireNonNull(credentials);
        this.ids = Objects.requireNonNull(ids);
        this.configured = Objects.requireNonNull(configuredKey);
    }

    @Override
    public String signingKey() {
        String known = effective;
        if (known == null) {
            known = configured.orElseGet(this::storedOrGenerated);
            effective = known;
        }
        return known;
    }

    private String storedOrGenerated() {
        Optional<String> stored = transactions.inTransaction(credentials::findGeneratedDownloadSigningKey);
        if (stored.isPresent()) {
            return stored.get();
        }
        String generated = ids.newSecret();
        try {
            transactions.run(() -> credentials.storeGeneratedDownloadSigningKey(generated));
            return generated;
        } catch (ConcurrentModificationException anotherInstanceWasFirst) {
            return transactions.inTransaction(credentials::findGeneratedDownloadSigningKey).orElseThrow();
        }
    }
}
