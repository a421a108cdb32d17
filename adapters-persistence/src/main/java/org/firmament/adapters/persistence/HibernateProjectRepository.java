package org.firmament.adapters.persistence;

import java.util.Optional;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** Persistence adapter: projects, through the current transaction's session. */
final class HibernateProjectRepository implements ProjectRepository {

    private final SessionTransactionBoundary transactions;

    HibernateProjectRepository(SessionTransactionBoundary transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Project> find(ProjectId id) {
        return transactions.withSession("Project " + id, session ->
                Optional.ofNullable(session.find(ProjectEntity.class, id.value())).map(EntityMapping::toProject));
    }

    @Override
    public void update(Project project) {
        String what = "Project " + project.id();
        transactions.withSession(what, session -> {
            ProjectEntity row = session.find(ProjectEntity.class, project.id().value());
            if (row == null || row.rowVersion != project.revision()) {
                throw new ConcurrentModificationException(what);
            }
            row.name = project.name();
            row.publicOta = project.publicOta();
            row.defaultChannel = project.defaultChannel().value();
            session.flush();
            return null;
        });
    }
}
