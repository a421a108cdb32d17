package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;

/** Use case: change what an image is (type, version) and where its bytes are (seed 000's PUT). */
public interface ReviseImageUseCase {

    /**
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when the project has no such image
     * @throws org.firmament.domain.DuplicateVersionException when another image has that type and version
     * @throws org.firmament.domain.InvalidValueException when the version is not written in the type's scheme
     */
    FirmwareImage revise(ReviseImageCommand command, Actor actor);
}
