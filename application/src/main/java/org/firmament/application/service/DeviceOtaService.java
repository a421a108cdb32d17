package org.firmament.application.service;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.DeployDeviceFirmwareCommand;
import org.firmament.application.port.in.DeployDeviceFirmwareUseCase;
import org.firmament.application.port.in.DeviceOtaPageQuery;
import org.firmament.application.port.in.DownloadDeviceFirmwareUseCase;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.QueryDeviceOtaUseCase;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.DeviceUpdateRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.StoredContent;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * Use cases: seed 003's device OTA updates: deploy a binary to one device, list the latest update
 * of each device, tell a device its latest version and hand it the binary.
 */
public final class DeviceOtaService implements DeployDeviceFirmwareUseCase, QueryDeviceOtaUseCase,
        DownloadDeviceFirmwareUseCase {

    /** Devices' firmware types are named {@code ota/<device id>}. */
    public static final String TYPE_PREFIX = "ota/";

    private final TransactionBoundary transactions;
    private final DeviceRepository devices;
    private final DeviceUpdateRepository updates;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final BinaryStore store;
    private final BinaryReleaser releaser;
    private final AuditTrail audit;
    private final IdGenerator ids;
    private final Clock clock;
    private final DeviceStates states;
    private final long maxUploadBytes;

    /** {@code states} remembers each device's latest version for its polls; a deploy announces itself there. */
    public DeviceOtaService(TransactionBoundary transactions, DeviceRepository devices, DeviceUpdateRepository updates,
                            FirmwareTypeRepository types, FirmwareImageRepository images, BinaryStore store,
                            BinaryReleaser releaser, AuditLog audit, IdGenerator ids, Clock clock,
                            DeviceStates states, long maxUploadBytes) {
        this.transactions = Objects.requireNonNull(transactions);
        this.devices = Objects.requireNonNull(devices);
        this.updates = Objects.requireNonNull(updates);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.store = Objects.requireNonNull(store);
        this.releaser = Objects.requireNonNull(releaser);
        this.audit = new AuditTrail(audit, clock);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.states = Objects.requireNonNull(states);
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be positive");
        }
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The firmware type that holds the images deployed to {@code device}. */
    public static FirmwareTypeName firmwareTypeOf(DeviceId device) {
        return FirmwareTypeName.of(TYPE_PREFIX + device.value());
    }

    @Override
    public Artifact.StoredBinary stage(String filename, InputStream content) {
        StoredContent stored = store.store(content, maxUploadBytes);
        try {
            return new Artifact.StoredBinary(stored.key(), filename, stored.size(), stored.sha1(), stored.sha256());
        } catch (RuntimeException invalidFilename) {
            releaser.discard(stored.key());
            throw invalidFilename;
        }
    }

    @Override
    public void discard(Artifact.StoredBinary staged) {
        releaser.discard(staged.key());
    }

    @Override
    public Outcome deploy(DeployDeviceFirmwareCommand command, Actor actor) {
        Deployed deployed;
        try {
            deployed = transactions.inTransactionRetryingOnce(() -> deployInTransaction(command, actor));
        } catch (RuntimeException e) {
            releaser.discard(command.firmware().key());
            throw e;
        }
        BinaryKey staged = command.firmware().key();
        if (deployed.outcome() == Outcome.UNCHANGED || !deployed.adopted().equals(staged)) {
            releaser.discard(staged);
        }
        deployed.replaced().filter(old -> !old.key().equals(deployed.adopted()))
                .ifPresent(old -> releaser.releaseIfUnreferenced(old.key()));
        return deployed.outcome();
    }

    private Deployed deployInTransaction(DeployDeviceFirmwareCommand command, Actor actor) {
        Digest.requireExpected(command.expectedSha256(), command.firmware().sha256());
        ProjectId projectId = command.projectId();
        Device device = devices.find(projectId, command.deviceId()).orElseThrow(() ->
                new NotFoundException(NotFoundException.Subject.DEVICE, command.deviceId().value()));
        if (!device.authenticates(command.token())) {
            throw new InvalidValueException("token", "Device token is not valid");
        }
        FirmwareVersion version = command.version();
        VersionScheme.SEMANTIC.validate(version);
        Instant now = clock.now();

        FirmwareTypeName typeName = firmwareTypeOf(device.id());
        FirmwareTypeChoice choice = FirmwareTypeChoice.of(types, projectId, typeName, VersionScheme.SEMANTIC, now);
        FirmwareType type = choice.type();
        Optional<FirmwareImage> existingImage = images.findByTypeAndVersion(projectId, typeName, version);
        FirmwareImage image = existingImage.orElseGet(() -> FirmwareImage.create(ids.newImageId(), type, version, now));

        Optional<DeviceUpdate> previous = updates.latestFor(projectId, device.id());
        Optional<DeviceUpdate> assigned = DeviceUpdate.assignIfDifferent(ids.newUuid(), device, image, previous, now);
        if (assigned.isEmpty()) {
            return new Deployed(Outcome.UNCHANGED, command.firmware().key(), Optional.empty());
        }
        Artifact.StoredBinary staged = command.firmware();
        BinaryKey adopted = releaser.adopt(new StoredContent(staged.key(), staged.size(), staged.sha1(),
                staged.sha256()));
        Optional<Artifact.StoredBinary> replaced = image.attachBinary(new Artifact.StoredBinary(adopted,
                        staged.filename(), staged.size(), staged.sha1(), staged.sha256()))
                .filter(Artifact.StoredBinary.class::isInstance).map(Artifact.StoredBinary.class::cast);
        choice.addIfNew(types);
        if (existingImage.isPresent()) {
            images.update(image);
        } else {
            images.add(image);
        }
        previous.filter(update -> !update.state().isFinal()).ifPresent(update -> {
            update.report(UpdateState.SUPERSEDED, "superseded by version " + version, now);
            updates.update(update);
        });
        updates.add(assigned.get());
        states.changed(projectId, device.id());
        audit.record(projectId, actor, AuditEntry.Action.CREATED, AuditEntry.Subject.IMAGE,
                image.id().toString(), ImageService.describe(image) + ", deployed to device " + device.id());
        return new Deployed(Outcome.DEPLOYED, adopted, replaced);
    }

    private record Deployed(Outcome outcome, BinaryKey adopted, Optional<Artifact.StoredBinary> replaced) {
    }

    @Override
    public OtaPage latestPerDevice(DeviceOtaPageQuery query) {
        return transactions.inTransaction(() -> {
            DeviceUpdateRepository.LatestPage page = updates.latestPerDevice(query.projectId(), query.search(),
                    query.descending(), query.offset(), query.limit());
            List<OtaRecord> records = page.updates().stream()
                    .map(update -> new OtaRecord(update, images.find(query.projectId(), update.imageId())
                            .flatMap(FirmwareImage::storedBinary)
                            .map(Artifact.StoredBinary::filename)))
                    .toList();
            return new OtaPage(records, page.total(), page.filtered());
        });
    }

    /** Answered from {@link DeviceStates} while remembered: a fleet's polls read nothing. */
    @Override
    public FirmwareVersion latestVersion(DeviceId deviceId) {
        return states.deployedVersion(deviceId, () -> transactions.inTransaction(() -> devices.find(deviceId)
                        .map(device -> updates.latestFor(device.projectId(), device.id()).map(DeviceUpdate::version))
                        .orElseThrow(() -> noSuchDevice(deviceId))))
                .orElseThrow(() -> noSuchDevice(deviceId));
    }

    private static NotFoundException noSuchDevice(DeviceId deviceId) {
        return new NotFoundException(NotFoundException.Subject.DEVICE, deviceId.value());
    }

    @Override
    public DownloadableBinary latestBinary(Device device) {
        return transactions.inTransaction(() -> updates.latestFor(device.projectId(), device.id())
                .flatMap(update -> images.find(device.projectId(), update.imageId()))
                .flatMap(FirmwareImage::storedBinary)
                .map(releaser::downloadable)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE_UPDATE,
                        device.id().value())));
    }
}
