package org.firmament.adapters.persistence;

import java.util.Optional;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** Persistence adapter: projects, read through the current transaction's session. */
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
}
