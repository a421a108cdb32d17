package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use case: delete the stored binary of an image; the image stays, unconfirmed. */
public interface DetachBinaryUseCase {

    /**
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when there is no such image,
     *     with subject BINARY when the image has no stored binary
     * @throws org.firmament.domain.InUseException when a bundle holds the image
     */
    FirmwareImage detach(ProjectId projectId, ImageId id, Actor actor);
}
