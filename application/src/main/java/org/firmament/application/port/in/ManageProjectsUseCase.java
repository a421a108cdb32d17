package org.firmament.application.port.in;

import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** Use case: read and change projects. */
public interface ManageProjectsUseCase {

    /** @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project */
    Project get(ProjectId id);

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     * @throws org.firmament.domain.InvalidValueException when a new value breaks its rule
     */
    Project change(ChangeProjectCommand command);
}
