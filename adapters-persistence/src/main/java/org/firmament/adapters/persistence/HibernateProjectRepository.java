package org.firmament.adapters.persistence;

import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/** Persistence adapter: projects, through the current transaction's session; new ids from a sequence. */
final class HibernateProjectRepository implements ProjectRepository {

    private static final String KIND = "project";

    /** Created by migration V4. */
    private static final String ID_SEQUENCE = "project_id_seq";

    private final SessionTransactionBoundary transactions;

    HibernateProjectRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Project> find(ProjectId id) {
        return transactions.withSession(describe(id), session ->
                Optional.ofNullable(session.find(ProjectEntity.class, id.value())).map(EntityMapping::toProject));
    }

    @Override
    public Optional<Project> lock(ProjectId id) {
        return transactions.withSession(describe(id), session ->
                Optional.ofNullable(session.find(ProjectEntity.class, id.value(), LockModeType.PESSIMISTIC_WRITE))
                        .map(EntityMapping::toProject));
    }

    @Override
    public List<Project> list(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and "
                    + limit);
        }
        return transactions.withSession("Projects", session -> {
            if (limit == 0) {
                return List.of();
            }
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<ProjectEntity> query = criteria.createQuery(ProjectEntity.class);
            Root<ProjectEntity> project = query.from(ProjectEntity.class);
            query.select(project).orderBy(criteria.asc(project.get("id")));
            return session.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                    .map(EntityMapping::toProject)
                    .toList();
        });
    }

    @Override
    public long count() {
        return transactions.withSession("Projects", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            query.select(criteria.count(query.from(ProjectEntity.class)));
            return session.createQuery(query).getSingleResult();
        });
    }

    @Override
    public ProjectId nextId() {
        return transactions.withSession("Project id", session ->
                ProjectId.of(session.createNativeQuery(
                        // PostgreSQL's nextval('...'), H2's NEXT VALUE FOR ...: no single statement does both.
                        Dialects.of(session).getSequenceSupport().getSequenceNextValString(ID_SEQUENCE), Long.class)
                        .getSingleResult()));
    }

    @Override
    public void add(Project project) {
        String what = describe(project.id());
        transactions.withSession(what, session -> {
            session.persist(EntityMapping.toNewRow(project));
            // Now rather than at commit: a taken id is reported by the call that caused it.
            session.flush();
            return null;
        }, PersistenceFailures.alreadyExistsOr(what, KIND, project.id().toString()));
    }

    @Override
    public void update(Project project) {
        String what = describe(project.id());
        transactions.withSession(what, session -> {
            EntityMapping.copyChangeableState(project, currentRow(session, project, what));
            session.flush();
            return null;
        });
    }

    @Override
    public void remove(Project project) {
        String what = describe(project.id());
        transactions.withSession(what, session -> {
            // The project's firmware types go with it by their key's cascade; its images, bundles
            // and devices make the keys refuse the deletion.
            session.remove(currentRow(session, project, what));
            session.flush();
            return null;
        });
    }

    /** The project's row, provided it is still at the revision the caller read. */
    private static ProjectEntity currentRow(Session session, Project project, String what) {
        ProjectEntity row = session.find(ProjectEntity.class, project.id().value());
        if (row == null || row.rowVersion != project.revision()) {
            throw new ConcurrentModificationException(what);
        }
        return row;
    }

    private static String describe(ProjectId id) {
        return "Project " + id;
    }
}
