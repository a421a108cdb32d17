package org.firmament.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.firmament.application.port.in.BundleCommand;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.ManageBundlesUseCase;
import org.firmament.application.port.in.QueryBundlesUseCase;
import org.firmament.application.port.in.ReportFirmwareInfoUseCase;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.OfferedUpdateRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.StoredBinaryRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.UpdatePolicy;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** Use cases: manage bundles, answer which bundles a caller may see, and record what devices installed. */
public final class BundleService implements ManageBundlesUseCase, QueryBundlesUseCase, ReportFirmwareInfoUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final BundleRepository bundles;
    private final FirmwareImageRepository images;
    private final DeviceRepository devices;
    private final OfferedUpdateRepository offeredUpdates;
    private final StoredBinaryRepository storedBinaries;
    private final AuditTrail audit;
    private final IdGenerator ids;
    private final Clock clock;
    private final CheckInCatalog catalog;

    /**
     * A device's check-in answers from {@code catalog} (see its bound); its changes are seen there
     * when {@code bundles}, {@code images} and {@code projects} are {@link CatalogChangesSeen}'s.
     */
    public BundleService(TransactionBoundary transactions, ProjectRepository projects, BundleRepository bundles,
                         FirmwareImageRepository images, DeviceRepository devices,
                         OfferedUpdateRepository offeredUpdates, StoredBinaryRepository storedBinaries,
                         AuditLog audit, IdGenerator ids, Clock clock, CheckInCatalog catalog) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.bundles = Objects.requireNonNull(bundles);
        this.images = Objects.requireNonNull(images);
        this.devices = Objects.requireNonNull(devices);
        this.offeredUpdates = Objects.requireNonNull(offeredUpdates);
        this.storedBinaries = Objects.requireNonNull(storedBinaries);
        this.audit = new AuditTrail(audit, clock);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.catalog = Objects.requireNonNull(catalog);
    }

    @Override
    public ResolvedBundle create(BundleCommand command, Actor actor) {
        return transactions.inTransaction(() -> {
            requireProject(command.projectId());
            List<FirmwareImage> componentImages = loadImages(command.projectId(), command.images());
            Bundle bundle = Bundle.create(ids.newBundleId(), command.projectId(), command.name(),
                    command.description(), command.deviceClass(), command.channel().orElse(Channel.STABLE),
                    components(componentImages), clock.now());
            bundles.add(bundle);
            record(command, bundle, AuditEntry.Action.CREATED, actor);
            return new ResolvedBundle(bundle, componentImages);
        });
    }

    @Override
    public ResolvedBundle replace(BundleId id, BundleCommand command, Actor actor) {
        return transactions.inTransaction(() -> {
            Bundle bundle = load(command.projectId(), id);
            List<FirmwareImage> componentImages = loadImages(command.projectId(), command.images());
            bundle.describe(command.name(), command.description());
            bundle.target(command.deviceClass(), command.channel().orElse(Channel.STABLE));
            bundle.replaceComponents(components(componentImages));
            bundles.update(bundle);
            record(command, bundle, AuditEntry.Action.CHANGED, actor);
            return new ResolvedBundle(bundle, componentImages);
        });
    }

    @Override
    public void delete(ProjectId projectId, BundleId id, Actor actor) {
        transactions.inTransaction(() -> {
            Bundle bundle = load(projectId, id);
            bundles.remove(bundle);
            audit.record(projectId, actor, AuditEntry.Action.DELETED, AuditEntry.Subject.BUNDLE, id.value(),
                    "name=" + bundle.name());
            return null;
        });
    }

    private void record(BundleCommand command, Bundle bundle, AuditEntry.Action action, Actor actor) {
        audit.record(command.projectId(), actor, action, AuditEntry.Subject.BUNDLE, bundle.id().value(),
                "name=" + bundle.name() + ", deviceClass=" + bundle.deviceClass() + ", channel=" + bundle.channel()
                        + ", components=" + command.images().size());
    }

    @Override
    public ResolvedBundle get(ProjectId projectId, BundleId id) {
        return transactions.inTransaction(() -> resolve(load(projectId, id)));
    }

    @Override
    public List<ResolvedBundle> forDevice(Device device) {
        Project project = catalog.project(device.projectId())
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, device.projectId().toString()));
        return catalog.offered(device, project);
    }

    @Override
    public List<ResolvedBundle> forClass(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel) {
        return transactions.inTransaction(() -> {
            requireProject(projectId);
            return resolveAll(bundles.list(projectId, deviceClass, channel));
        });
    }

    @Override
    public Optional<List<ResolvedBundle>> forAnonymous(ProjectId projectId, DeviceClass deviceClass,
                                                       Optional<Channel> channel) {
        // Devices poll this as they poll with a key: from the remembered catalogue.
        return catalog.publicOffer(projectId, deviceClass, channel);
    }

    /** The offer check and the image's binary in one transaction. */
    @Override
    public DownloadableBinary offeredBinary(Device device, ImageId imageId) {
        return transactions.inTransaction(() -> {
            if (!isOfferedTo(device, imageId)) {
                throw new NotFoundException(NotFoundException.Subject.IMAGE, imageId.toString());
            }
            return images.find(device.projectId(), imageId).flatMap(FirmwareImage::storedBinary)
                    .map(binary -> BinaryIntegrityService.downloadable(storedBinaries, binary))
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.BINARY, imageId.toString()));
        });
    }

    /**
     * Offered by a bundle of the device's class on its channel, or by the update the device API
     * offered it last (which may be a single image, or a pinned bundle of another channel).
     * Answers from components and offered items alone; the images themselves are of no use here.
     */
    boolean isOfferedTo(Device device, ImageId imageId) {
        return transactions.inTransaction(() -> offeredTo(device).stream()
                .flatMap(bundle -> bundle.components().stream())
                .anyMatch(component -> component.imageId().equals(imageId))
                || offeredUpdates.latestFor(device.projectId(), device.id()).stream()
                        .filter(update -> !update.state().isFinal() || update.state() == UpdateState.SUCCEEDED)
                        .flatMap(update -> update.items().stream())
                        .anyMatch(item -> item.imageId().equals(imageId)));
    }

    /** The bundles of the device's project and class on its effective channel. */
    private List<Bundle> offeredTo(Device device) {
        Project project = requireProject(device.projectId());
        return UpdatePolicy.offeredBundles(device, project,
                bundles.list(device.projectId(), device.deviceClass(), Optional.of(device.effectiveChannel(project))));
    }

    @Override
    public boolean isPublic(ProjectId projectId, ImageId imageId) {
        return transactions.inTransaction(() -> projects.find(projectId).map(Project::publicOta).orElse(false)
                && bundles.isImageReferenced(projectId, imageId));
    }

    @Override
    public Device reportInstalled(Device device, BundleId installed) {
        return transactions.inTransaction(() -> {
            Device current = devices.find(device.projectId(), device.id())
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, device.id().value()));
            boolean changed = !current.installedBundle().equals(Optional.of(installed));
            current.reportInstalled(installed, clock.now());
            devices.update(current);
            if (changed) {
                audit.record(current.projectId(), Actor.device(current.id().value()), AuditEntry.Action.CHANGED,
                        AuditEntry.Subject.DEVICE, current.id().value(), "installed bundle=" + installed);
            }
            return current;
        });
    }

    @Override
    public Optional<BundleId> installedBundle(ProjectId projectId, org.firmament.domain.device.DeviceId deviceId) {
        return transactions.inTransaction(() -> devices.find(projectId, deviceId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, deviceId.value()))
                .installedBundle());
    }

    /** The images, in the order named, read together; the first one the project lacks is a 404. */
    private List<FirmwareImage> loadImages(ProjectId projectId, List<ImageId> imageIds) {
        Map<ImageId, FirmwareImage> found = images.findAll(projectId, Set.copyOf(imageIds)).stream()
                .collect(Collectors.toMap(FirmwareImage::id, image -> image));
        List<FirmwareImage> loaded = new ArrayList<>();
        for (ImageId imageId : imageIds) {
            FirmwareImage image = found.get(imageId);
            if (image == null) {
                throw new NotFoundException(NotFoundException.Subject.IMAGE, imageId.toString());
            }
            loaded.add(image);
        }
        return loaded;
    }

    private static List<BundleComponent> components(List<FirmwareImage> componentImages) {
        return componentImages.stream().map(image -> new BundleComponent(image.id(), image.typeName())).toList();
    }

    private List<ResolvedBundle> resolveAll(List<Bundle> found) {
        return found.stream().map(this::resolve).toList();
    }

    /** Components whose image went away meanwhile are left out rather than shown broken. */
    private ResolvedBundle resolve(Bundle bundle) {
        return catalog.resolve(bundle);
    }

    private Bundle load(ProjectId projectId, BundleId id) {
        return bundles.find(projectId, id)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.BUNDLE, id.value()));
    }

    private Project requireProject(ProjectId projectId) {
        return projects.find(projectId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString()));
    }
}
