package org.firmament.adapters.persistence;

import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.out.DeviceUpdateRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/**
 * Persistence adapter: the updates assigned to devices, through the current transaction's session.
 * "Latest" means the latest assignment time, the id breaking ties, everywhere in this class.
 */
final class HibernateDeviceUpdateRepository implements DeviceUpdateRepository {

    private static final char LIKE_ESCAPE = '\\';

    private final SessionTransactionBoundary transactions;

    HibernateDeviceUpdateRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<DeviceUpdate> find(ProjectId projectId, UUID id) {
        return transactions.withSession(describe(id), session ->
                findRow(session, projectId, id).map(EntityMapping::toDeviceUpdate));
    }

    @Override
    public Optional<DeviceUpdate> latestFor(ProjectId projectId, DeviceId deviceId) {
        return transactions.withSession("Updates of device " + deviceId, session ->
                ofDevice(session, projectId, deviceId, 1).stream().findFirst());
    }

    @Override
    public List<DeviceUpdate> history(ProjectId projectId, DeviceId deviceId) {
        return transactions.withSession("Updates of device " + deviceId, session ->
                ofDevice(session, projectId, deviceId, Integer.MAX_VALUE));
    }

    /**
     * Two statements: the page, then both counts at once. A row is the latest of its device when no
     * other row of that device is later (NOT EXISTS rather than a window function, which the
     * criteria API cannot express); the index on (project, device, assigned at) serves the subquery.
     */
    @Override
    public LatestPage latestPerDevice(ProjectId projectId, String search, boolean descending, int offset, int limit) {
        Objects.requireNonNull(search, "search");
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and "
                    + limit);
        }
        Optional<String> pattern = search.isEmpty() ? Optional.empty() : Optional.of(containing(search));
        return transactions.withSession("Latest device updates", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();

            List<DeviceUpdate> page = List.of();
            if (limit > 0) {
                CriteriaQuery<DeviceUpdateEntity> query = criteria.createQuery(DeviceUpdateEntity.class);
                Root<DeviceUpdateEntity> update = query.from(DeviceUpdateEntity.class);
                List<Predicate> where = new ArrayList<>();
                where.add(criteria.equal(update.get("projectId"), projectId.value()));
                where.add(isLatestOfItsDevice(criteria, query, update));
                pattern.ifPresent(like -> where.add(matches(criteria, update, like)));
                Expression<Instant> assignedAt = update.get("assignedAt");
                query.select(update)
                        .where(where.toArray(Predicate[]::new))
                        .orderBy(descending ? criteria.desc(assignedAt) : criteria.asc(assignedAt),
                                criteria.asc(update.get("deviceId")));
                page = session.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList()
                        .stream()
                        .map(EntityMapping::toDeviceUpdate)
                        .toList();
            }

            CriteriaQuery<Tuple> counts = criteria.createTupleQuery();
            Root<DeviceUpdateEntity> update = counts.from(DeviceUpdateEntity.class);
            Expression<Long> matching = pattern
                    .map(like -> criteria.sum(criteria.<Long>selectCase()
                            .when(matches(criteria, update, like), 1L)
                            .otherwise(0L)))
                    .orElseGet(() -> criteria.count(update));
            counts.multiselect(criteria.count(update), matching).where(
                    criteria.equal(update.get("projectId"), projectId.value()),
                    isLatestOfItsDevice(criteria, counts, update));
            Tuple totals = session.createQuery(counts).getSingleResult();
            long total = totals.get(0, Long.class);
            // SUM over no rows is NULL.
            Number filtered = (Number) totals.get(1);
            return new LatestPage(page, total, filtered == null ? 0 : filtered.longValue());
        });
    }

    @Override
    public void add(DeviceUpdate update) {
        String what = describe(update.id());
        transactions.withSession(what, session -> {
            session.persist(EntityMapping.toNewRow(update));
            // Now rather than at commit: a failure is reported by the call that caused it.
            session.flush();
            return null;
        });
    }

    @Override
    public void update(DeviceUpdate update) {
        String what = describe(update.id());
        transactions.withSession(what, session -> {
            DeviceUpdateEntity row = findRow(session, update.projectId(), update.id())
                    .orElseThrow(() -> new ConcurrentModificationException(what));
            if (row.rowVersion != update.revision()) {
                throw new ConcurrentModificationException(what);
            }
            EntityMapping.copyChangeableState(update, row);
            session.flush();
            return null;
        });
    }

    /** The device's updates, latest first, at most {@code limit}. */
    private static List<DeviceUpdate> ofDevice(Session session, ProjectId projectId, DeviceId deviceId, int limit) {
        CriteriaBuilder criteria = session.getCriteriaBuilder();
        CriteriaQuery<DeviceUpdateEntity> query = criteria.createQuery(DeviceUpdateEntity.class);
        Root<DeviceUpdateEntity> update = query.from(DeviceUpdateEntity.class);
        query.select(update)
                .where(criteria.equal(update.get("projectId"), projectId.value()),
                        criteria.equal(update.get("deviceId"), deviceId.value()))
                .orderBy(criteria.desc(update.get("assignedAt")), criteria.desc(update.get("id")));
        return session.createQuery(query).setMaxResults(limit).getResultList().stream()
                .map(EntityMapping::toDeviceUpdate)
                .toList();
    }

    /** No other update of the same device is later, or as late with a greater id. */
    private static Predicate isLatestOfItsDevice(CriteriaBuilder criteria, CriteriaQuery<?> query,
                                                 Root<DeviceUpdateEntity> update) {
        Subquery<UUID> later = query.subquery(UUID.class);
        Root<DeviceUpdateEntity> other = later.from(DeviceUpdateEntity.class);
        Expression<Instant> otherAssignedAt = other.get("assignedAt");
        Expression<Instant> assignedAt = update.get("assignedAt");
        Expression<UUID> otherId = other.get("id");
        Expression<UUID> id = update.get("id");
        later.select(otherId).where(
                criteria.equal(other.get("projectId"), update.get("projectId")),
                criteria.equal(other.get("deviceId"), update.get("deviceId")),
                criteria.or(
                        criteria.greaterThan(otherAssignedAt, assignedAt),
                        criteria.and(criteria.equal(otherAssignedAt, assignedAt), criteria.greaterThan(otherId, id))));
        return criteria.not(criteria.exists(later));
    }

    /** Device id or version contains the search, whatever its case. */
    private static Predicate matches(CriteriaBuilder criteria, Root<DeviceUpdateEntity> update, String pattern) {
        return criteria.or(
                criteria.like(criteria.lower(update.get("deviceId")), pattern, LIKE_ESCAPE),
                criteria.like(criteria.lower(update.get("version")), pattern, LIKE_ESCAPE));
    }

    /** A LIKE pattern for "contains {@code search}", its own wildcards taken literally. */
    private static String containing(String search) {
        StringBuilder pattern = new StringBuilder("%");
        for (char c : search.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    private static Optional<DeviceUpdateEntity> findRow(Session session, ProjectId projectId, UUID id) {
        return Optional.ofNullable(session.find(DeviceUpdateEntity.class, id))
                .filter(row -> row.projectId == projectId.value());
    }

    private static String describe(UUID id) {
        return "Device update " + id;
    }
}
