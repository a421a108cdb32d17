package org.firmament.application.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.PublishExternalFirmwareCommand;
import org.firmament.application.port.in.PublishExternalFirmwareUseCase;
import org.firmament.application.port.in.QueryImagesUseCase;
import org.firmament.application.port.in.RegisterImageCommand;
import org.firmament.application.port.in.RegisterImageUseCase;
import org.firmament.application.port.in.RemoveImageUseCase;
import org.firmament.application.port.in.ReviseImageCommand;
import org.firmament.application.port.in.ReviseImageUseCase;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.InUseException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.UniqueVersionPerType;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/** Use cases: register, publish, revise, read and remove firmware images. */
public final class ImageService implements RegisterImageUseCase, PublishExternalFirmwareUseCase, ReviseImageUseCase,
        QueryImagesUseCase, RemoveImageUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final BundleRepository bundles;
    private final BinaryReleaser binaries;
    private final AuditTrail audit;
    private final IdGenerator ids;
    private final Clock clock;

    public ImageService(TransactionBoundary transactions, ProjectRepository projects, FirmwareTypeRepository types,
                        FirmwareImageRepository images, BundleRepository bundles, BinaryReleaser binaries,
                        AuditLog audit, IdGenerator ids, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.bundles = Objects.requireNonNull(bundles);
        this.binaries = Objects.requireNonNull(binaries);
        this.audit = new AuditTrail(audit, clock);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public FirmwareImage register(RegisterImageCommand command, Actor actor) {
        return transactions.inTransactionRetryingOnce(() -> createImage(command.projectId(), command.type(), command.version(),
                command.schemeForNewType(), Optional.empty(), actor));
    }

    @Override
    public FirmwareImage publish(PublishExternalFirmwareCommand command, Actor actor) {
        return transactions.inTransactionRetryingOnce(() -> createImage(command.projectId(), command.type(), command.version(),
                command.schemeForNewType(), Optional.of(command.url()), actor));
    }

    @Override
    public FirmwareImage revise(ReviseImageCommand command, Actor actor) {
        Revised revised = transactions.inTransactionRetryingOnce(() -> {
            FirmwareImage image = load(command.projectId(), command.imageId());
            FirmwareTypeChoice choice = FirmwareTypeChoice.of(types, command.projectId(), command.type(),
                    command.schemeForNewType(), clock.now());
            image.reclassify(choice.type(), command.version());
            Optional<Artifact> replaced = command.url().flatMap(image::pointTo);
            UniqueVersionPerType.check(image,
                    images.findByTypeAndVersion(command.projectId(), command.type(), command.version()));
            choice.addIfNew(types);
            images.update(image);
            audit.record(command.projectId(), actor, AuditEntry.Action.CHANGED, AuditEntry.Subject.IMAGE,
                    image.id().toString(), describe(image));
            return new Revised(image, replaced);
        });
        revised.replaced().filter(Artifact.StoredBinary.class::isInstance).map(Artifact.StoredBinary.class::cast)
                .ifPresent(binary -> binaries.releaseIfUnreferenced(binary.key()));
        return revised.image();
    }

    private FirmwareImage createImage(ProjectId projectId, FirmwareTypeName typeName, FirmwareVersion version,
                                      VersionScheme schemeForNewType, Optional<Artifact.ExternalUrl> url,
                                      Actor actor) {
        requireProject(projectId);
        FirmwareTypeChoice choice = FirmwareTypeChoice.of(types, projectId, typeName, schemeForNewType, clock.now());
        FirmwareImage image = FirmwareImage.create(ids.newImageId(), choice.type(), version, clock.now());
        url.ifPresent(image::pointTo);
        UniqueVersionPerType.check(image, images.findByTypeAndVersion(projectId, typeName, version));
        choice.addIfNew(types);
        images.add(image);
        audit.record(projectId, actor, AuditEntry.Action.CREATED, AuditEntry.Subject.IMAGE, image.id().toString(),
                describe(image));
        return image;
    }

    private record Revised(FirmwareImage image, Optional<Artifact> replaced) {
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
    public FirmwareImage remove(ProjectId projectId, ImageId id, Actor actor) {
        FirmwareImage removed = transactions.inTransaction(() -> {
            FirmwareImage image = load(projectId, id);
            if (bundles.isImageReferenced(projectId, id)) {
                throw new InUseException("Image " + id + " is a component of a bundle; remove it from the bundle first");
            }
            images.remove(image);
            audit.record(projectId, actor, AuditEntry.Action.DELETED, AuditEntry.Subject.IMAGE, id.toString(),
                    describe(image));
            return image;
        });
        removed.storedBinary().ifPresent(binary -> binaries.releaseIfUnreferenced(binary.key()));
        return removed;
    }

    /**
     * What the audit log says of an image: type, version and where its bytes are. Of an external
     * URL only scheme, host and path are kept, since user info and query strings may hold secrets.
     */
    static String describe(FirmwareImage image) {
        StringBuilder text = new StringBuilder("type=").append(image.typeName()).append(", version=")
                .append(image.version());
        image.artifact().ifPresent(artifact -> {
            if (artifact instanceof Artifact.StoredBinary binary) {
                text.append(", sha256=").append(binary.sha256().hex());
            } else if (artifact instanceof Artifact.ExternalUrl url) {
                text.append(", url=").append(withoutSecrets(url.url()));
            }
        });
        return text.toString();
    }

    private static String withoutSecrets(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException notStrictlyValid) {
            return "(not shown)";
        }
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
