package org.firmament.application.port.in;

import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Use case: list, read, create, change and delete projects. Every change is recorded in the
 * project's audit log, in the same transaction, as done by {@code actor}.
 */
public interface ManageProjectsUseCase {

    /** One page of projects, ordered by id, and how many there are in all. */
    record ProjectPage(List<Project> projects, long total) {

        public ProjectPage {
            projects = List.copyOf(projects);
        }
    }

    ProjectPage list(PageRequest page);

    /** A page of those of {@code visible} that exist, by id: what a caller bound to some projects lists. */
    ProjectPage list(java.util.Set<ProjectId> visible, PageRequest page);

    /** @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project */
    Project get(ProjectId id);

    /** A new project under an id the server assigns (never one handed out before). */
    Project create(CreateProjectCommand command, Actor actor);

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     * @throws org.firmament.domain.InvalidValueException when a new value breaks its rule
     * @throws org.firmament.domain.ConcurrentModificationException when another request changed it meanwhile
     */
    Project change(ChangeProjectCommand command, Actor actor);

    /**
     * Deletes the project together with its firmware types that have no images (rule
     * {@link org.firmament.domain.project.ProjectDeletion}). Its audit log stays.
     *
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     * @throws org.firmament.domain.InUseException for the default project, and for a project that still holds
     *     firmware images, bundles or devices (the message names what is left)
     * @throws org.firmament.domain.ConcurrentModificationException when another request changed it meanwhile
     */
    void delete(ProjectId id, Actor actor);
}
