package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.out.OfferedUpdateRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/**
 * Persistence adapter: the updates the device API offered, through the current transaction's
 * session. "Latest" means the latest offer time, the id breaking ties.
 */
final class HibernateOfferedUpdateRepository implements OfferedUpdateRepository {

    private final SessionTransactionBoundary transactions;

    HibernateOfferedUpdateRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<OfferedUpdate> find(ProjectId projectId, UUID id) {
        return transactions.withSession(describe(id), session ->
                findRow(session, projectId, id).map(EntityMapping::toOfferedUpdate));
    }

    @Override
    public Optional<OfferedUpdate> latestFor(ProjectId projectId, DeviceId deviceId) {
        return history(projectId, deviceId, 0, 1).stream().findFirst();
    }

    @Override
    public List<OfferedUpdate> history(ProjectId projectId, DeviceId deviceId, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and "
                    + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return transactions.withSession("Updates offered to device " + deviceId, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<OfferedUpdateEntity> query = criteria.createQuery(OfferedUpdateEntity.class);
            Root<OfferedUpdateEntity> update = query.from(OfferedUpdateEntity.class);
            query.select(update)
                    .where(criteria.equal(update.get("projectId"), projectId.value()),
                            criteria.equal(update.get("deviceId"), deviceId.value()))
                    .orderBy(criteria.desc(update.get("offeredAt")), criteria.desc(update.get("id")));
            return session.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                    .map(EntityMapping::toOfferedUpdate)
                    .toList();
        });
    }

    @Override
    public long count(ProjectId projectId, DeviceId deviceId) {
        return transactions.withSession("Updates offered to device " + deviceId, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            Root<OfferedUpdateEntity> update = query.from(OfferedUpdateEntity.class);
            query.select(criteria.count(update))
                    .where(criteria.equal(update.get("projectId"), projectId.value()),
                            criteria.equal(update.get("deviceId"), deviceId.value()));
            return session.createQuery(query).getSingleResult();
        });
    }

    @Override
    public void add(OfferedUpdate update) {
        transactions.withSession(describe(update.id()), session -> {
            session.persist(EntityMapping.toNewRow(update));
            // Now rather than at commit: a failure is reported by the call that caused it.
            session.flush();
            return null;
        });
    }

    @Override
    public void update(OfferedUpdate update) {
        String what = describe(update.id());
        transactions.withSession(what, session -> {
            OfferedUpdateEntity row = findRow(session, update.projectId(), update.id())
                    .orElseThrow(() -> new ConcurrentModificationException(what));
            if (row.rowVersion != update.revision()) {
                throw new ConcurrentModificationException(what);
            }
            EntityMapping.copyChangeableState(update, row);
            session.flush();
            return null;
        });
    }

    private static Optional<OfferedUpdateEntity> findRow(Session session, ProjectId projectId, UUID id) {
        return Optional.ofNullable(session.find(OfferedUpdateEntity.class, id))
                .filter(row -> row.projectId == projectId.value());
    }

    private static String describe(UUID id) {
        return "Offered update " + id;
    }
}
