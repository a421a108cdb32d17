package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.ProjectId;

/** Persistence adapter: firmware types, read and added through the current transaction's session. */
final class HibernateFirmwareTypeRepository implements FirmwareTypeRepository {

    // Sorted here, not by ORDER BY: H2 and PostgreSQL collate text differently.
    private static final Comparator<FirmwareType> BY_NAME = Comparator.comparing(type -> type.name().value());

    private final SessionTransactionBoundary transactions;

    HibernateFirmwareTypeRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<FirmwareType> find(ProjectId projectId, FirmwareTypeName name) {
        return transactions.withSession("Firmware type " + name, session ->
                Optional.ofNullable(session.find(FirmwareTypeEntity.class, EntityMapping.typeKey(projectId, name)))
                        .map(EntityMapping::toFirmwareType));
    }

    @Override
    public List<FirmwareType> list(ProjectId projectId) {
        return transactions.withSession("Firmware types", session -> {
            // Criteria, not HQL: spares loading the HQL parser on the first request.
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<FirmwareTypeEntity> query = criteria.createQuery(FirmwareTypeEntity.class);
            Root<FirmwareTypeEntity> type = query.from(FirmwareTypeEntity.class);
            query.select(type).where(criteria.equal(type.get("key").get("projectId"), projectId.value()));
            return session.createQuery(query).getResultList().stream()
                    .map(EntityMapping::toFirmwareType)
                    .sorted(BY_NAME)
                    .toList();
        });
    }

    @Override
    public void add(FirmwareType type) {
        transactions.withSession("Firmware type " + type.name(), session -> {
            session.persist(EntityMapping.toRow(type));
            // Now rather than at commit: the collision is reported by the call that caused it.
            session.flush();
            return null;
        });
    }

    @Override
    public void remove(FirmwareType type) {
        String what = "Firmware type " + type.name();
        transactions.withSession(what, session -> {
            FirmwareTypeEntity row = session.find(FirmwareTypeEntity.class,
                    EntityMapping.typeKey(type.projectId(), type.name()));
            if (row == null) {
                throw new ConcurrentModificationException(what);
            }
            // Now rather than at commit: an image added meanwhile makes the key refuse it here.
            session.remove(row);
            session.flush();
            return null;
        });
    }
}
