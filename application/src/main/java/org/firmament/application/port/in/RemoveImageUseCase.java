package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use case: delete a firmware image and release its stored binary. */
public interface RemoveImageUseCase {

    /**
     * Returns the image as it was before removal.
     *
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when the project has no such image
     * @throws org.firmament.domain.InUseException when a bundle holds the image
     */
    FirmwareImage remove(ProjectId projectId, ImageId id, Actor actor);
}
