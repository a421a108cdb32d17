package org.firmament.adapters.persistence;

import java.util.Optional;
import org.firmament.application.port.out.CredentialRepository;
import org.firmament.domain.access.SecretHash;

/**
 * Persistence adapter: the generated admin token's hash and the generated download signing key,
 * each in a table that holds at most one row.
 */
final class HibernateCredentialRepository implements CredentialRepository {

    private static final String WHAT = "The generated admin token";
    private static final String SIGNING_KEY = "The generated download signing key";

    private final SessionTransactionBoundary transactions;

    HibernateCredentialRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<SecretHash> findGeneratedAdminToken() {
        return transactions.withSession(WHAT, session -> Optional
                .ofNullable(session.find(AdminCredentialEntity.class, AdminCredentialEntity.GENERATED_ADMIN_TOKEN))
                .map(EntityMapping::toSecretHash));
    }

    @Override
    public void storeGeneratedAdminToken(SecretHash hash) {
        transactions.withSession(WHAT, session -> {
            session.persist(new AdminCredentialEntity(AdminCredentialEntity.GENERATED_ADMIN_TOKEN, hash.hex()));
            // Now rather than at commit: the instance that lost the race learns it from this call.
            session.flush();
            return null;
        });
    }

    @Override
    public Optional<String> findGeneratedDownloadSigningKey() {
        return transactions.withSession(SIGNING_KEY, session -> Optional
                .ofNullable(session.find(DownloadSigningKeyEntity.class, DownloadSigningKeyEntity.GENERATED_KEY))
                .map(entity -> entity.signingKey));
    }

    @Override
    public void storeGeneratedDownloadSigningKey(String key) {
        transactions.withSession(SIGNING_KEY, session -> {
            session.persist(new DownloadSigningKeyEntity(DownloadSigningKeyEntity.GENERATED_KEY, key));
            session.flush();
            return null;
        });
    }
}
