package org.firmament.application.port.in;

import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.ProjectId;

/**
 * Use case: operators list, read, create and delete a project's firmware types. (The image
 * surfaces also create a type with the first image of a name they have not seen.) Every change is
 * recorded in the project's audit log, in the same transaction, as done by {@code actor}.
 */
public interface ManageFirmwareTypesUseCase {

    /**
     * All the project's types, ordered by name.
     *
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     */
    List<FirmwareType> list(ProjectId projectId);

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT or FIRMWARE_TYPE for an unknown one
     */
    FirmwareType get(ProjectId projectId, FirmwareTypeName name);

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     * @throws org.firmament.domain.AlreadyExistsException when the project has a type of that name, also one a
     *     concurrent request created first
     */
    FirmwareType create(CreateFirmwareTypeCommand command, Actor actor);

    /**
     * Deletes a type that has no images (rule {@link org.firmament.domain.firmware.FirmwareTypeDeletion}).
     *
     * @throws org.firmament.domain.NotFoundException with subject PROJECT or FIRMWARE_TYPE for an unknown one
     * @throws org.firmament.domain.InUseException when the type still has images
     * @throws org.firmament.domain.ConcurrentModificationException when an image was added meanwhile
     */
    void delete(ProjectId projectId, FirmwareTypeName name, Actor actor);
}
