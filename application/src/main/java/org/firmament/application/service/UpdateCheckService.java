package org.firmament.application.service;

import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.CheckForUpdateUseCase;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * Use case: seed 000's device check ("is there something newer than what I run?"), decided on the
 * type and its images as {@link CheckInCatalog} remembers them for every check-in, so a fleet's
 * repeat checks read nothing and see a change within the catalogue's bound.
 */
public final class UpdateCheckService implements CheckForUpdateUseCase {

    private final CheckInCatalog catalog;

    public UpdateCheckService(CheckInCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog);
    }

    @Override
    public Optional<FirmwareImage> updateFor(ProjectId projectId, FirmwareTypeName typeName,
                                             FirmwareVersion installed) {
        CheckInCatalog.TypeWithImages type = catalog.type(projectId, typeName).orElseThrow(() ->
                new NotFoundException(NotFoundException.Subject.FIRMWARE_TYPE, typeName.value()));
        return type.latestRelease().updateFor(installed);
    }
}
