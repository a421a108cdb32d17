package org.firmament.application.service;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.AttachBinaryUseCase;
import org.firmament.application.port.in.BinaryContent;
import org.firmament.application.port.in.DetachBinaryUseCase;
import org.firmament.application.port.in.DownloadBinaryUseCase;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.StoredContent;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use cases: upload, download and delete the stored binary of a firmware image. */
public final class BinaryService implements AttachBinaryUseCase, DetachBinaryUseCase, DownloadBinaryUseCase {

    private final TransactionBoundary transactions;
    private final FirmwareImageRepository images;
    private final BundleRepository bundles;
    private final BinaryStore store;
    private final BinaryReleaser releaser;
    private final BinaryIntegrityService integrity;
    private final AuditTrail audit;
    private final long maxUploadBytes;

    public BinaryService(TransactionBoundary transactions, FirmwareImageRepository images, BundleRepository bundles,
                         BinaryStore store, BinaryReleaser releaser, BinaryIntegrityService integrity,
                         AuditLog audit, Clock clock, long maxUploadBytes) {
        this.transactions = Objects.requireNonNull(transactions);
        this.images = Objects.requireNonNull(images);
        this.bundles = Objects.requireNonNull(bundles);
        this.store = Objects.requireNonNull(store);
        this.releaser = Objects.requireNonNull(releaser);
        this.integrity = Objects.requireNonNull(integrity);
        this.audit = new AuditTrail(audit, clock);
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be positive");
        }
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public FirmwareImage attach(AttachBinaryCommand command, Actor actor) {
        // Fail before reading a possibly large upload when the image does not exist.
        transactions.inTransaction(() -> load(command.projectId(), command.imageId()));

        StoredContent content = store.store(command.content(), maxUploadBytes);
        if (content.size() == 0) {
            releaser.discard(content.key());
            throw new InvalidValueException("content", "No file uploaded");
        }
        try {
            Digest.requireExpected(command.expectedSha256(), content.sha256());
        } catch (InvalidValueException damaged) {
            releaser.discard(content.key());
            throw damaged;
        }
        Attached attached;
        try {
            attached = transactions.inTransactionRetryingOnce(() -> {
                FirmwareImage current = load(command.projectId(), command.imageId());
                BinaryKey key = releaser.adopt(content);
                Artifact.StoredBinary binary = new Artifact.StoredBinary(key, command.filename(), content.size(),
                        content.sha1(), content.sha256());
                Optional<Artifact> previous = current.attachBinary(binary);
                images.update(current);
                audit.record(command.projectId(), actor, AuditEntry.Action.CREATED, AuditEntry.Subject.BINARY,
                        current.id().toString(), ImageService.describe(current) + ", size=" + binary.size());
                return new Attached(current, previous);
            });
        } catch (RuntimeException e) {
            releaser.discard(content.key());
            throw e;
        }
        BinaryKey adopted = attached.image().storedBinary().orElseThrow().key();
        if (!adopted.equals(content.key())) {
            releaser.discard(content.key());
        }
        attached.replaced().filter(Artifact.StoredBinary.class::isInstance)
                .map(Artifact.StoredBinary.class::cast)
                .filter(old -> !old.key().equals(adopted))
                .ifPresent(old -> releaser.releaseIfUnreferenced(old.key()));
        return attached.image();
    }

    @Override
    public FirmwareImage detach(ProjectId projectId, ImageId id, Actor actor) {
        Detached detached = transactions.inTransaction(() -> {
            FirmwareImage image = load(projectId, id);
            if (bundles.isImageReferenced(projectId, id)) {
                throw new InUseException("Image " + id + " is a component of a bundle; its binary stays until the "
                        + "image is removed from the bundle");
            }
            Artifact.StoredBinary removed = image.detachBinary();
            images.update(image);
            audit.record(projectId, actor, AuditEntry.Action.DELETED, AuditEntry.Subject.BINARY, id.toString(),
                    ImageService.describe(image) + ", sha256=" + removed.sha256().hex());
            return new Detached(image, removed);
        });
        releaser.releaseIfUnreferenced(detached.removed().key());
        return detached.image();
    }

    @Override
    public DownloadableBinary describe(ProjectId projectId, ImageId id) {
        return transactions.inTransaction(() -> integrity.downloadable(load(projectId, id).storedBinary()
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.BINARY, id.toString()))));
    }

    /**
     * Every surface's downloads open here, so a binary found corrupt is refused here for all of
     * them, by what its lookup found. How the bytes are read is the integrity service's policy.
     */
    @Override
    public BinaryContent open(DownloadableBinary binary, long offset, long length) {
        binary.requireServable();
        return integrity.content(binary.binary(), offset, length);
    }

    @Override
    public Optional<URI> presignedUrl(DownloadableBinary binary, String contentDisposition, Duration lifetime) {
        binary.requireServable();
        return store.presignedGet(binary.binary().key(), contentDisposition, lifetime);
    }

    private FirmwareImage load(ProjectId projectId, ImageId id) {
        return images.find(projectId, id)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.IMAGE, id.toString()));
    }

    private record Attached(FirmwareImage image, Optional<Artifact> replaced) {
    }

    private record Detached(FirmwareImage image, Artifact.StoredBinary removed) {
    }
}
