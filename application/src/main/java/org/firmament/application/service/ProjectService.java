package org.firmament.application.service;

import java.util.Objects;
import org.firmament.application.port.in.ChangeProjectCommand;
import org.firmament.application.port.in.ManageProjectsUseCase;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** Use cases: read and change projects. */
public final class ProjectService implements ManageProjectsUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;

    public ProjectService(TransactionBoundary transactions, ProjectRepository projects) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
    }

    @Override
    public Project get(ProjectId id) {
        return transactions.inTransaction(() -> load(id));
    }

    @Override
    public Project change(ChangeProjectCommand command) {
        return transactions.inTransaction(() -> {
            Project project = load(command.projectId());
            command.name().ifPresent(project::rename);
            command.publicOta().ifPresent(project::allowPublicOta);
            command.defaultChannel().ifPresent(project::changeDefaultChannel);
            projects.update(project);
            return project;
        });
    }

    private Project load(ProjectId id) {
        return projects.find(id).orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, id.toString()));
    }
}
