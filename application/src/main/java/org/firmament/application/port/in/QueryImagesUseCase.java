package org.firmament.application.port.in;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use case: read a project's firmware images. */
public interface QueryImagesUseCase {

    /** The project's images, of one type when {@code type} is given, oldest first. */
    List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type);

    /** The project's images that have a stored binary, oldest first. */
    List<FirmwareImage> listWithStoredBinary(ProjectId projectId);

    /** @throws org.firmament.domain.NotFoundException with subject IMAGE when the project has no such image */
    FirmwareImage get(ProjectId projectId, ImageId id);
}
