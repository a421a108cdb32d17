package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;

/** Use case: register a firmware image (no artifact yet) of a type and version. */
public interface RegisterImageUseCase {

    /**
     * @throws org.firmament.domain.DuplicateVersionException when the type already has that version
     * @throws org.firmament.domain.InvalidValueException when the version is not written in the type's scheme
     * @throws org.firmament.domain.NotFoundException when the project does not exist
     */
    FirmwareImage register(RegisterImageCommand command, Actor actor);
}
