package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/**
 * Persistence adapter: firmware images through the current transaction's session. Writes check the
 * revision the caller read at, and the row version guards the commit against concurrent writers.
 *
 * <p>Queries are criteria rather than HQL: that spares loading Hibernate's HQL parser, several
 * hundred classes, on the first request.
 */
final class HibernateFirmwareImageRepository implements FirmwareImageRepository {

    private final SessionTransactionBoundary transactions;

    HibernateFirmwareImageRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<FirmwareImage> find(ProjectId projectId, ImageId id) {
        return transactions.withSession(describe(id), session ->
                findRow(session, projectId, id).map(EntityMapping::toFirmwareImage));
    }

    @Override
    public List<FirmwareImage> findAll(ProjectId projectId, Set<ImageId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> keys = ids.stream().map(EntityMapping::imageKey).toList();
        return transactions.withSession("Firmware images", session ->
                select(session, projectId, (criteria, image) -> List.of(image.get("id").in(keys))));
    }

    @Override
    public Optional<FirmwareImage> findByTypeAndVersion(ProjectId projectId, FirmwareTypeName type,
                                                        FirmwareVersion version) {
        return transactions.withSession("Firmware image " + type + " " + version, session ->
                select(session, projectId, (criteria, image) -> List.of(
                        criteria.equal(image.get("typeName"), type.value()),
                        criteria.equal(image.get("version"), version.value())))
                        .stream().findFirst());
    }

    @Override
    public List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type) {
        return transactions.withSession("Firmware images", session ->
                select(session, projectId, (criteria, image) -> type
                        .map(name -> List.of(criteria.equal(image.get("typeName"), name.value())))
                        .orElse(List.of())));
    }

    @Override
    public long count(ProjectId projectId, Optional<FirmwareTypeName> type) {
        return transactions.withSession("Firmware images", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            Root<FirmwareImageEntity> image = query.from(FirmwareImageEntity.class);
            List<Predicate> where = new ArrayList<>();
            where.add(criteria.equal(image.get("projectId"), projectId.value()));
            type.ifPresent(name -> where.add(criteria.equal(image.get("typeName"), name.value())));
            query.select(criteria.count(image)).where(where.toArray(Predicate[]::new));
            return session.createQuery(query).getSingleResult();
        });
    }

    @Override
    public List<FirmwareImage> listWithStoredBinary(ProjectId projectId) {
        return transactions.withSession("Firmware images", session ->
                select(session, projectId, (criteria, image) -> List.of(
                        criteria.equal(image.get("artifactKind"), FirmwareImageEntity.STORED))));
    }

    @Override
    public boolean isBinaryReferenced(BinaryKey key) {
        return transactions.withSession("Binary " + key, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<UUID> query = criteria.createQuery(UUID.class);
            Root<FirmwareImageEntity> image = query.from(FirmwareImageEntity.class);
            query.select(image.get("id")).where(criteria.equal(image.get("binaryKey"), key.value()));
            return !session.createQuery(query).setMaxResults(1).getResultList().isEmpty();
        });
    }

    @Override
    public List<FirmwareImage> listByBinary(BinaryKey key) {
        return transactions.withSession("Binary " + key, session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<FirmwareImageEntity> query = criteria.createQuery(FirmwareImageEntity.class);
            Root<FirmwareImageEntity> image = query.from(FirmwareImageEntity.class);
            query.select(image).where(criteria.equal(image.get("binaryKey"), key.value()))
                    .orderBy(criteria.asc(image.get("projectId")), criteria.asc(image.get("id")));
            return session.createQuery(query).getResultList().stream().map(EntityMapping::toFirmwareImage).toList();
        });
    }

    @Override
    public void add(FirmwareImage image) {
        String what = describe(image.id());
        transactions.withSession(what, session -> {
            session.persist(EntityMapping.toNewRow(image));
            // Now rather than at commit: the duplicate is reported by the call that caused it.
            session.flush();
            return null;
        }, duplicateVersion(what, image));
    }

    @Override
    public void update(FirmwareImage image) {
        String what = describe(image.id());
        transactions.withSession(what, session -> {
            FirmwareImageEntity row = currentRow(session, image, what);
            EntityMapping.copyChangeableState(image, row);
            session.flush();
            return null;
        }, duplicateVersion(what, image));
    }

    @Override
    public void remove(FirmwareImage image) {
        String what = describe(image.id());
        transactions.withSession(what, session -> {
            session.remove(currentRow(session, image, what));
            session.flush();
            return null;
        });
    }

    /** Conditions on an image row, beyond its project. */
    @FunctionalInterface
    private interface Conditions {
        List<Predicate> on(CriteriaBuilder criteria, Root<FirmwareImageEntity> image);
    }

    /** The project's images that meet {@code conditions}, oldest first; the id breaks ties so the order is stable. */
    private static List<FirmwareImage> select(Session session, ProjectId projectId, Conditions conditions) {
        CriteriaBuilder criteria = session.getCriteriaBuilder();
        CriteriaQuery<FirmwareImageEntity> query = criteria.createQuery(FirmwareImageEntity.class);
        Root<FirmwareImageEntity> image = query.from(FirmwareImageEntity.class);
        List<Predicate> where = new ArrayList<>();
        where.add(criteria.equal(image.get("projectId"), projectId.value()));
        where.addAll(conditions.on(criteria, image));
        query.select(image)
                .where(where.toArray(Predicate[]::new))
                .orderBy(criteria.asc(image.get("createdAt")), criteria.asc(image.get("id")));
        return session.createQuery(query).getResultList().stream().map(EntityMapping::toFirmwareImage).toList();
    }

    /** The image's row, provided it is still at the revision the caller read. */
    private static FirmwareImageEntity currentRow(Session session, FirmwareImage image, String what) {
        FirmwareImageEntity row = findRow(session, image.projectId(), image.id())
                .orElseThrow(() -> new ConcurrentModificationException(what));
        if (row.rowVersion != image.revision()) {
            throw new ConcurrentModificationException(what);
        }
        return row;
    }

    private static Optional<FirmwareImageEntity> findRow(Session session, ProjectId projectId, ImageId id) {
        return Optional.ofNullable(session.find(FirmwareImageEntity.class, EntityMapping.imageKey(id)))
                .filter(row -> row.projectId == projectId.value());
    }

    private static Function<String, RuntimeException> duplicateVersion(String what, FirmwareImage image) {
        return PersistenceFailures.duplicateVersionOr(what, image.typeName().value(), image.version().value());
    }

    private static String describe(ImageId id) {
        return "Firmware image " + id;
    }
}
