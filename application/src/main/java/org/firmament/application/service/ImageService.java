package org.firmament.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.QueryImagesUseCase;
import org.firmament.application.port.in.RegisterImageCommand;
import org.firmament.application.port.in.RegisterImageUseCase;
import org.firmament.application.port.in.RemoveImageUseCase;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.UniqueVersionPerType;
import org.firmament.domain.project.ProjectId;

/** Use cases: register, read and remove firmware images. */
public final class ImageService implements RegisterImageUseCase, QueryImagesUseCase, RemoveImageUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final BinaryReleaser binaries;
    private final IdGenerator ids;
    private final Clock clock;

    public ImageService(TransactionBoundary transactions, ProjectRepository projects, FirmwareTypeRepository types,
                        FirmwareImageRepository images, BinaryReleaser binaries, IdGenerator ids, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.binaries = Objects.requireNonNull(binaries);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public FirmwareImage register(RegisterImageCommand command) {
        try {
            return transactions.inTransaction(() -> registerOnce(command));
        } catch (ConcurrentModificationException typeCreatedMeanwhile) {
            // Another request created the same new firmware type first; the type exists now.
            return transactions.inTransaction(() -> registerOnce(command));
        }
    }

    private FirmwareImage registerOnce(RegisterImageCommand command) {
        requireProject(command.projectId());
        Optional<FirmwareType> existing = types.find(command.projectId(), command.type());
        FirmwareType type = existing.orElseGet(() ->
                FirmwareType.create(command.projectId(), command.type(), command.schemeForNewType(), clock.now()));
        FirmwareImage image = FirmwareImage.create(ids.newImageId(), type, command.version(), clock.now());
        UniqueVersionPerType.check(image,
                images.findByTypeAndVersion(command.projectId(), command.type(), command.version()));
        if (existing.isEmpty()) {
            types.add(type);
        }
        images.add(image);
        return image;
    }

    @Override
    public List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type) {
        return transactions.inTransaction(() -> images.list(projectId, type));
    }

    @Override
    public List<FirmwareImage> listWithStoredBinary(ProjectId projectId) {
        return transactions.inTransaction(() -> images.listWithStoredBinary(projectId));
    }

    @Override
    public FirmwareImage get(ProjectId projectId, ImageId id) {
        return transactions.inTransaction(() -> load(projectId, id));
    }

    @Override
    public FirmwareImage remove(ProjectId projectId, ImageId id) {
        FirmwareImage removed = transactions.inTransaction(() -> {
            FirmwareImage image = load(projectId, id);
            images.remove(image);
            return image;
        });
        removed.storedBinary().ifPresent(binary -> binaries.releaseIfUnreferenced(binary.key()));
        return removed;
    }

    private FirmwareImage load(ProjectId projectId, ImageId id) {
        return images.find(projectId, id)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.IMAGE, id.toString()));
    }

    private void requireProject(ProjectId projectId) {
        if (projects.find(projectId).isEmpty()) {
            throw new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString());
        }
    }
}
