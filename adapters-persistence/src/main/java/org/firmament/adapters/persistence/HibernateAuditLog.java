package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.List;
import org.firmament.application.port.out.AuditLog;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/** Persistence adapter: the audit log, written and read through the current transaction's session. */
final class HibernateAuditLog implements AuditLog {

    private final SessionTransactionBoundary transactions;

    HibernateAuditLog(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public void record(AuditEntry entry) {
        transactions.withSession("Audit entry", session -> {
            session.persist(EntityMapping.toRow(entry));
            return null;
        });
    }

    @Override
    public List<AuditEntry> list(ProjectId projectId, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and "
                    + limit);
        }
        return transactions.withSession("Audit log", session -> {
            if (limit == 0) {
                return List.of();
            }
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<AuditEntryEntity> query = criteria.createQuery(AuditEntryEntity.class);
            Root<AuditEntryEntity> entry = query.from(AuditEntryEntity.class);
            // Newest first; the id, in insertion order, puts entries of one instant in a fixed order.
            query.select(entry)
                    .where(criteria.equal(entry.get("projectId"), projectId.value()))
                    .orderBy(criteria.desc(entry.get("recordedAt")), criteria.desc(entry.get("id")));
            return session.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                    .map(EntityMapping::toAuditEntry)
                    .toList();
        });
    }

    @Override
    public long count(ProjectId projectId) {
        return transactions.withSession("Audit log", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            Root<AuditEntryEntity> entry = query.from(AuditEntryEntity.class);
            query.select(criteria.count(entry)).where(criteria.equal(entry.get("projectId"), projectId.value()));
            return session.createQuery(query).getSingleResult();
        });
    }
}
