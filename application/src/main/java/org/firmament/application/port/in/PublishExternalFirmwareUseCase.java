package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;

/** Use case: publish a firmware file hosted elsewhere, as an image whose artifact is its URL (seed 000's POST). */
public interface PublishExternalFirmwareUseCase {

    /**
     * @throws org.firmament.domain.DuplicateVersionException when the type already has that version
     * @throws org.firmament.domain.InvalidValueException when the version is not written in the type's scheme
     */
    FirmwareImage publish(PublishExternalFirmwareCommand command, Actor actor);
}
