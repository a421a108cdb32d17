package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.firmament.application.port.out.ApiKeyRepository;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/** Persistence adapter: project API keys through the current transaction's session. */
final class HibernateApiKeyRepository implements ApiKeyRepository {

    private final SessionTransactionBoundary transactions;

    HibernateApiKeyRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public void add(ApiKey key) {
        transactions.withSession("API key " + key.id(), session -> {
            session.persist(EntityMapping.toRow(key));
            session.flush();
            return null;
        });
    }

    @Override
    public Optional<ApiKey> find(ProjectId projectId, ApiKeyId id) {
        return transactions.withSession("API key " + id, session -> findRow(session, projectId, id)
                .map(EntityMapping::toApiKey));
    }

    @Override
    public List<ApiKey> list(ProjectId projectId) {
        return transactions.withSession("API keys", session -> select(session, (criteria, key) ->
                criteria.equal(key.get("projectId"), projectId.value())).stream().map(EntityMapping::toApiKey).toList());
    }

    @Override
    public Map<SecretHash, ApiKey> findEachBySecretHash(Collection<SecretHash> secretHashes) {
        if (secretHashes.isEmpty()) {
            return Map.of();
        }
        List<String> values = secretHashes.stream().map(SecretHash::hex).distinct().toList();
        return transactions.withSession(values.size() + " API keys by secret", session -> {
            Map<SecretHash, ApiKey> found = new HashMap<>();
            session.createSelectionQuery("from ApiKey k where k.secretSha256 in :hashes", ApiKeyEntity.class)
                    .setParameterList("hashes", values)
                    .getResultList()
                    .forEach(row -> {
                        ApiKey key = EntityMapping.toApiKey(row);
                        found.put(key.secretHash(), key);
                    });
            return found;
        });
    }

    @Override
    public boolean remove(ProjectId projectId, ApiKeyId id) {
        return transactions.withSession("API key " + id, session -> {
            Optional<ApiKeyEntity> row = findRow(session, projectId, id);
            row.ifPresent(session::remove);
            session.flush();
            return row.isPresent();
        });
    }

    private static Optional<ApiKeyEntity> findRow(Session session, ProjectId projectId, ApiKeyId id) {
        return Optional.ofNullable(session.find(ApiKeyEntity.class, id.value()))
                .filter(row -> row.projectId == projectId.value());
    }

    private static List<ApiKeyEntity> select(Session session,
                                             BiFunction<CriteriaBuilder, Root<ApiKeyEntity>, Predicate> where) {
        CriteriaBuilder criteria = session.getCriteriaBuilder();
        CriteriaQuery<ApiKeyEntity> query = criteria.createQuery(ApiKeyEntity.class);
        Root<ApiKeyEntity> key = query.from(ApiKeyEntity.class);
        query.select(key).where(where.apply(criteria, key))
                .orderBy(criteria.asc(key.get("createdAt")), criteria.asc(key.get("id")));
        return session.createQuery(query).getResultList();
    }
}
