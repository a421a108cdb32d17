package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/**
 * Persistence adapter: bundles and their ordered components through the current transaction's
 * session. Writes check the revision the caller read at; a change of components bumps it too.
 */
final class HibernateBundleRepository implements BundleRepository {

    private static final String KIND = "bundle";

    /** Collisions on a component's keys mean a concurrent write, not a taken bundle id. */
    private static final String COMPONENT_CONSTRAINTS = "bundle_component";

    private final SessionTransactionBoundary transactions;

    HibernateBundleRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Bundle> find(ProjectId projectId, BundleId id) {
        return transactions.withSession(describe(id), session ->
                findRow(session, projectId, id).map(EntityMapping::toBundle));
    }

    @Override
    public List<Bundle> list(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel) {
        return transactions.withSession("Bundles", session -> select(session, projectId, (criteria, bundle) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(criteria.equal(bundle.get("deviceClass"), deviceClass.value()));
            channel.ifPresent(value -> where.add(criteria.equal(bundle.get("channel"), value.value())));
            return where;
        }));
    }

    @Override
    public List<Bundle> listAll(ProjectId projectId) {
        return transactions.withSession("Bundles", session ->
                select(session, projectId, (criteria, bundle) -> List.of()));
    }

    @Override
    public long count(ProjectId projectId) {
        return transactions.withSession("Bundles", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            Root<BundleEntity> bundle = query.from(BundleEntity.class);
            query.select(criteria.count(bundle)).where(criteria.equal(bundle.get("projectId"), projectId.value()));
            return session.createQuery(query).getSingleResult();
        });
    }

    @Override
    public boolean isImageReferenced(ProjectId projectId, ImageId imageId) {
        return transactions.withSession("Firmware image " + imageId, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<String> query = criteria.createQuery(String.class);
            Root<BundleEntity> bundle = query.from(BundleEntity.class);
            Join<BundleEntity, BundleComponentValue> component = bundle.join("components");
            query.select(bundle.get("id")).where(
                    criteria.equal(bundle.get("projectId"), projectId.value()),
                    criteria.equal(component.get("imageId"), EntityMapping.imageKey(imageId)));
            return !session.createQuery(query).setMaxResults(1).getResultList().isEmpty();
        });
    }

    @Override
    public void add(Bundle bundle) {
        String what = describe(bundle.id());
        transactions.withSession(what, session -> {
            session.persist(EntityMapping.toNewRow(bundle));
            // Now rather than at commit: the taken id is reported by the call that caused it.
            session.flush();
            return null;
        }, PersistenceFailures.alreadyExistsOr(what, KIND, bundle.id().value(), COMPONENT_CONSTRAINTS));
    }

    @Override
    public void update(Bundle bundle) {
        String what = describe(bundle.id());
        transactions.withSession(what, session -> {
            BundleEntity row = currentRow(session, bundle, what);
            EntityMapping.copyChangeableState(bundle, row);
            session.flush();
            return null;
        });
    }

    @Override
    public void remove(Bundle bundle) {
        String what = describe(bundle.id());
        transactions.withSession(what, session -> {
            // Hibernate deletes the component rows first; the cascade on the key covers other writers.
            session.remove(currentRow(session, bundle, what));
            session.flush();
            return null;
        });
    }

    /** Conditions on a bundle row, beyond its project. */
    @FunctionalInterface
    private interface Conditions {
        List<Predicate> on(CriteriaBuilder criteria, Root<BundleEntity> bundle);
    }

    /**
     * The project's bundles that meet {@code conditions}, oldest first, the id breaking ties; their
     * components come in the same statement.
     */
    private static List<Bundle> select(Session session, ProjectId projectId, Conditions conditions) {
        CriteriaBuilder criteria = session.getCriteriaBuilder();
        CriteriaQuery<BundleEntity> query = criteria.createQuery(BundleEntity.class);
        Root<BundleEntity> bundle = query.from(BundleEntity.class);
        bundle.fetch("components", JoinType.LEFT);
        List<Predicate> where = new ArrayList<>();
        where.add(criteria.equal(bundle.get("projectId"), projectId.value()));
        where.addAll(conditions.on(criteria, bundle));
        query.select(bundle)
                .where(where.toArray(Predicate[]::new))
                .orderBy(criteria.asc(bundle.get("createdAt")), criteria.asc(bundle.get("id")));
        return session.createQuery(query).getResultList().stream().map(EntityMapping::toBundle).toList();
    }

    /** The bundle's row, provided it is still at the revision the caller read. */
    private static BundleEntity currentRow(Session session, Bundle bundle, String what) {
        BundleEntity row = findRow(session, bundle.projectId(), bundle.id())
                .orElseThrow(() -> new ConcurrentModificationException(what));
        if (row.rowVersion != bundle.revision()) {
            throw new ConcurrentModificationException(what);
        }
        return row;
    }

    private static Optional<BundleEntity> findRow(Session session, ProjectId projectId, BundleId id) {
        return Optional.ofNullable(session.find(BundleEntity.class, id.value()))
                .filter(row -> row.projectId == projectId.value());
    }

    private static String describe(BundleId id) {
        return "Bundle " + id;
    }
}
