package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;

/** Use case: upload the binary of an image, replacing any binary it had; the image becomes confirmed. */
public interface AttachBinaryUseCase {

    /**
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when the project has no such image
     * @throws org.firmament.domain.InvalidValueException with field "content" when the upload is empty
     * @throws org.firmament.application.port.out.BinaryTooLargeException when it is over the size limit
     */
    FirmwareImage attach(AttachBinaryCommand command, Actor actor);
}
