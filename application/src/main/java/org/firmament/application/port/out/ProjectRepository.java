package org.firmament.application.port.out;

import java.util.Optional;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: stored projects. Called inside a {@link TransactionBoundary}. Project 1 exists from
 * the first start (the schema creates it).
 */
public interface ProjectRepository {

    Optional<Project> find(ProjectId id);

    /**
     * Stores the project's changed name, public-OTA flag and default channel.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when the copy is stale or the project is gone
     */
    void update(Project project);
}
