package org.firmament.adapters.persistence;

import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.out.StoredBinaryRepository;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.hibernate.Session;

/**
 * Persistence adapter: the catalogue of stored binaries through the current transaction's session.
 * Locks are {@code SELECT ... FOR UPDATE}, which H2 and PostgreSQL both hold to the transaction's end.
 */
final class HibernateStoredBinaryRepository implements StoredBinaryRepository {

    private final SessionTransactionBoundary transactions;

    HibernateStoredBinaryRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<BinaryKey> lockMatching(Digest sha256, long size) {
        return transactions.withSession("Binary " + sha256, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<StoredBinaryEntity> query = criteria.createQuery(StoredBinaryEntity.class);
            Root<StoredBinaryEntity> binary = query.from(StoredBinaryEntity.class);
            query.select(binary).where(criteria.equal(binary.get("sha256"), sha256.hex()),
                    criteria.equal(binary.get("sizeBytes"), size), criteria.isTrue(binary.get("intact")));
            return session.createQuery(query).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().stream()
                    .findFirst().map(row -> BinaryKey.of(row.binaryKey));
        });
    }

    @Override
    public boolean lock(BinaryKey key) {
        return transactions.withSession("Binary " + key, session ->
                session.find(StoredBinaryEntity.class, key.value(), LockModeType.PESSIMISTIC_WRITE) != null);
    }

    @Override
    public void add(BinaryKey key, Digest sha256, long size, Instant storedAt) {
        transactions.withSession("Binary " + sha256, session -> {
            session.persist(new StoredBinaryEntity(key.value(), sha256.hex(), size, storedAt));
            // Now rather than at commit: a concurrent upload of the same bytes is reported here.
            session.flush();
            return null;
        });
    }

    @Override
    public void remove(BinaryKey key) {
        transactions.withSession("Binary " + key, session -> {
            StoredBinaryEntity row = session.find(StoredBinaryEntity.class, key.value());
            if (row != null) {
                session.remove(row);
                session.flush();
            }
            return null;
        });
    }

    @Override
    public boolean contains(BinaryKey key) {
        return find(key).isPresent();
    }

    @Override
    public Optional<Entry> find(BinaryKey key) {
        return transactions.withSession("Binary " + key, session ->
                Optional.ofNullable(session.find(StoredBinaryEntity.class, key.value()))
                        .map(HibernateStoredBinaryRepository::toEntry));
    }

    @Override
    public List<Entry> listAfter(Optional<BinaryKey> after, int limit) {
        return transactions.withSession("Binaries", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<StoredBinaryEntity> query = criteria.createQuery(StoredBinaryEntity.class);
            Root<StoredBinaryEntity> binary = query.from(StoredBinaryEntity.class);
            after.ifPresent(key -> query.where(criteria.greaterThan(binary.get("binaryKey"), key.value())));
            query.select(binary).orderBy(criteria.asc(binary.get("binaryKey")));
            return session.createQuery(query).setMaxResults(limit).getResultList().stream()
                    .map(HibernateStoredBinaryRepository::toEntry).toList();
        });
    }

    @Override
    public List<Entry> listCorrupt() {
        return transactions.withSession("Binaries", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<StoredBinaryEntity> query = criteria.createQuery(StoredBinaryEntity.class);
            Root<StoredBinaryEntity> binary = query.from(StoredBinaryEntity.class);
            query.select(binary).where(criteria.isNotNull(binary.get("corruptSince")))
                    .orderBy(criteria.asc(binary.get("corruptSince")), criteria.asc(binary.get("binaryKey")));
            return session.createQuery(query).getResultList().stream()
                    .map(HibernateStoredBinaryRepository::toEntry).toList();
        });
    }

    @Override
    public void markVerified(BinaryKey key, Instant at) {
        transactions.withSession("Binary " + key, session -> {
            StoredBinaryEntity row = session.find(StoredBinaryEntity.class, key.value());
            if (row != null) {
                row.verifiedAt = at;
                if (row.corruptSince != null && !hasIntactCopy(session, row)) {
                    // Repaired in the store (restored from a backup, say) and no fresh copy took its place.
                    row.corruptSince = null;
                    row.intact = Boolean.TRUE;
                }
                session.flush();
            }
            return null;
        });
    }

    @Override
    public void markCorrupt(BinaryKey key, Instant at) {
        transactions.withSession("Binary " + key, session -> {
            StoredBinaryEntity row = session.find(StoredBinaryEntity.class, key.value());
            if (row != null && row.corruptSince == null) {
                row.corruptSince = at;
                row.intact = null;
                session.flush();
            }
            return null;
        });
    }

    private static boolean hasIntactCopy(Session session, StoredBinaryEntity row) {
        CriteriaBuilder criteria = session.getCriteriaBuilder();
        CriteriaQuery<String> query = criteria.createQuery(String.class);
        Root<StoredBinaryEntity> binary = query.from(StoredBinaryEntity.class);
        query.select(binary.get("binaryKey")).where(criteria.equal(binary.get("sha256"), row.sha256),
                criteria.equal(binary.get("sizeBytes"), row.sizeBytes), criteria.isTrue(binary.get("intact")));
        return !session.createQuery(query).setMaxResults(1).getResultList().isEmpty();
    }

    private static Entry toEntry(StoredBinaryEntity row) {
        return new Entry(BinaryKey.of(row.binaryKey), Digest.sha256(row.sha256), row.sizeBytes, row.storedAt,
                Optional.ofNullable(row.verifiedAt), Optional.ofNullable(row.corruptSince));
    }
}
