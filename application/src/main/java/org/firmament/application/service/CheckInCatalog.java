package org.firmament.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.ChangeEpoch;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.UpdatePolicy;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.LatestRelease;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * What the check-ins (seed 002's {@code GET /bundles} with a key or anonymous, the device API's,
 * seed 000's device check) decide on besides the device itself, remembered for a fleet: projects,
 * the bundles offered per project, class and channel with their component images, single bundles
 * (a pin may name one of another channel), and firmware types with all their images (a pinned
 * version may name any of them).
 *
 * <p>One cache with one change signal: every service of an instance writes projects, types,
 * images and bundles through {@link CatalogChangesSeen}, which calls {@link #changed} inside the
 * change's transaction: it forgets everything here, so this instance's changes are seen by its
 * next check-in, and advances the shared {@link ChangeEpoch} just before that transaction commits
 * ({@link TransactionBoundary#beforeCommit}), which every instance reads at most
 * once per {@code bound} and forgets everything when it moved (or cannot be read); this instance
 * forgets again once the change's transaction has ended. So changes made on another instance are
 * seen within the bound,
 * and a catalogue nobody changes is looked up once, not once per bound: what is remembered lives
 * as long as credentials do ({@link CredentialCache#MAX_AGE}). Values handed out are the
 * remembered instances, the same for as long as they are remembered, so the REST adapter can
 * reuse what it rendered from them; {@link #generation} tells the device states when a decision
 * made from them may no longer hold.
 */
public final class CheckInCatalog {

    /** Distinct projects, offers, bundles and firmware types remembered; far more than a fleet has. */
    private static final int CAPACITY = 10_000;

    /** The before-commit action that moves {@code catalog_epoch}, one per transaction. */
    static final String ADVANCE_EPOCH = "advance the catalogue epoch";

    /**
     * A firmware type with every image of it, and its latest release among them, decided once per
     * remembered entry, when first asked for (seed 000's check asks; the device API's decisions
     * take the images).
     */
    public static final class TypeWithImages {
        private final FirmwareType type;
        private final List<FirmwareImage> images;
        /** Null until first asked for; two threads asking at once both decide, the same. */
        private volatile LatestRelease latestRelease;

        public TypeWithImages(FirmwareType type, List<FirmwareImage> images) {
            this.type = Objects.requireNonNull(type);
            this.images = List.copyOf(images);
        }

        public FirmwareType type() {
            return type;
        }

        public List<FirmwareImage> images() {
            return images;
        }

        public LatestRelease latestRelease() {
            LatestRelease decided = latestRelease;
            if (decided == null) {
                decided = LatestRelease.among(type, images);
                latestRelease = decided;
            }
            return decided;
        }
    }

    private record OfferKey(ProjectId projectId, DeviceClass deviceClass, Channel channel) {
    }

    private record BundleKey(ProjectId projectId, BundleId bundleId) {
    }

    private record TypeKey(ProjectId projectId, FirmwareTypeName name) {
    }

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final BundleRepository bundles;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final ExpiringCache<ProjectId, Optional<Project>> projectCache;
    private final ExpiringCache<OfferKey, List<ResolvedBundle>> offers;
    private final ExpiringCache<BundleKey, Optional<ResolvedBundle>> singleBundles;
    private final ExpiringCache<TypeKey, Optional<TypeWithImages>> typeCache;
    private final ChangeEpoch epoch;
    private final ChangeEpochWatch epochWatch;
    private final boolean remembers;
    private final AtomicLong generation = new AtomicLong();

    /**
     * {@code bound} (the check-in cache; zero remembers nothing) is how long another instance's
     * changes take to be seen: how often {@code epoch} is read.
     */
    public CheckInCatalog(TransactionBoundary transactions, ProjectRepository projects, BundleRepository bundles,
                          FirmwareTypeRepository types, FirmwareImageRepository images, Clock clock,
                          Duration bound, ChangeEpoch epoch) {
        this.epoch = Objects.requireNonNull(epoch);
        this.epochWatch = new ChangeEpochWatch(clock, bound, transactions, epoch, this::forgetAll);
        this.remembers = !bound.isZero();
        Duration lifetime = remembers ? CredentialCache.MAX_AGE : Duration.ZERO;
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.bundles = Objects.requireNonNull(bundles);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.projectCache = new ExpiringCache<>(clock, lifetime, CAPACITY);
        this.offers = new ExpiringCache<>(clock, lifetime, CAPACITY);
        this.singleBundles = new ExpiringCache<>(clock, lifetime, CAPACITY);
        this.typeCache = new ExpiringCache<>(clock, lifetime, CAPACITY);
    }

    /**
     * Inside the transaction of a change of something the catalogue holds: forgets everything here,
     * now and once the transaction has ended (a check-in that raced the commit here keeps nothing
     * of the catalogue before it), and tells every instance, by advancing the epoch as the
     * transaction's last write (once, however many changes it makes), so its one row is locked only
     * for the commit itself.
     */
    public void changed() {
        forgetAll();
        transactions.beforeCommit(ADVANCE_EPOCH, epoch::advance);
        transactions.afterTransaction(this::forgetAll);
    }

    private void forgetAll() {
        // Moved first: a decision that read the generation before this may have used what is forgotten now.
        generation.incrementAndGet();
        projectCache.forgetAll();
        offers.forgetAll();
        singleBundles.forgetAll();
        typeCache.forgetAll();
    }

    /** Whether anything is remembered at all (a check-in cache of zero remembers nothing). */
    boolean remembers() {
        return remembers;
    }

    /**
     * A number that moves whenever what this catalogue remembers may change (everything is
     * forgotten: a change here, or the epoch moved): decisions made at one generation are
     * made from the same entries. With nothing remembered it moves at every call. Reads the
     * epoch when due, as every lookup does.
     */
    long generation() {
        if (!remembers) {
            return generation.incrementAndGet();
        }
        epochWatch.checkIfDue();
        return generation.get();
    }

    /**
     * Inside a transaction: the {@link #generation} at which what is remembered here is what the
     * database holds as of this call, or empty when it may not be. It is when the epoch, read in
     * the caller's transaction, still has the value this instance last read: the read that first
     * found that value forgot everything, so what is remembered was looked up after it, and every
     * change commits with an advance of the epoch, so none committed since. That stays so while
     * {@link #generation} keeps the value answered; a caller compares it after using the entries,
     * and uses only entries already remembered ({@code FromMemory.attempt}). Empty when nothing is
     * remembered or the epoch was not read here since the last failed read. Changes written to the
     * database other than through {@link CatalogChangesSeen} move no epoch and are not seen.
     */
    OptionalLong currentGeneration() {
        if (!remembers) {
            return OptionalLong.empty();
        }
        long atStart = generation.get();
        Long known = epochWatch.known();
        if (known == null || epoch.read() != known) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(atStart);
    }

    /** The project; only one that exists is remembered, since anonymous callers may name any id. */
    Optional<Project> project(ProjectId projectId) {
        epochWatch.checkIfDue();
        return projectCache.get(projectId, () -> transactions.inTransaction(() -> projects.find(projectId)),
                Optional::isPresent);
    }

    /**
     * The bundles of {@code device}'s class on its effective channel in {@code project}, in the
     * order {@link UpdatePolicy#offeredBundles} gives them, each with its component images (one
     * whose image went away meanwhile is left out rather than shown broken).
     */
    List<ResolvedBundle> offered(Device device, Project project) {
        epochWatch.checkIfDue();
        Channel channel = device.effectiveChannel(project);
        return offers.get(new OfferKey(device.projectId(), device.deviceClass(), channel),
                () -> lookUpOffer(device.projectId(), device.deviceClass(), channel));
    }

    /**
     * For a caller without a credential (seed 002's anonymous devices), who may name any project,
     * class and channel: the bundles of the class on {@code channel} (else the project's default
     * channel) when the project allows public OTA, else empty. Only a project that exists and an
     * offer that is not empty are remembered, so made-up names take no room from a fleet's entries
     * (a cache at capacity starts over).
     */
    Optional<List<ResolvedBundle>> publicOffer(ProjectId projectId, DeviceClass deviceClass,
                                               Optional<Channel> channel) {
        Optional<Project> project = project(projectId);
        if (project.isEmpty() || !project.get().publicOta()) {
            return Optional.empty();
        }
        Channel effective = channel.orElse(project.get().defaultChannel());
        return Optional.of(offers.get(new OfferKey(projectId, deviceClass, effective),
                () -> lookUpOffer(projectId, deviceClass, effective), offer -> !offer.isEmpty()));
    }

    private List<ResolvedBundle> lookUpOffer(ProjectId projectId, DeviceClass deviceClass, Channel channel) {
        return transactions.inTransaction(() -> UpdatePolicy.bundlesFor(projectId, deviceClass, channel,
                bundles.list(projectId, deviceClass, Optional.of(channel))).stream().map(this::resolve).toList());
    }

    /** One bundle with its component images, whatever its class and channel (a device's pin). */
    Optional<ResolvedBundle> bundle(ProjectId projectId, BundleId bundleId) {
        epochWatch.checkIfDue();
        return singleBundles.get(new BundleKey(projectId, bundleId),
                () -> transactions.inTransaction(() -> bundles.find(projectId, bundleId).map(this::resolve)));
    }

    Optional<TypeWithImages> type(ProjectId projectId, FirmwareTypeName name) {
        epochWatch.checkIfDue();
        return typeCache.get(new TypeKey(projectId, name), () -> transactions.inTransaction(
                () -> types.find(projectId, name).map(type -> new TypeWithImages(type,
                        images.list(projectId, Optional.of(name))))));
    }

    /** Inside a transaction: the bundle's component images that exist, in component order, read together. */
    ResolvedBundle resolve(Bundle bundle) {
        Set<ImageId> ids = bundle.components().stream().map(BundleComponent::imageId).collect(Collectors.toSet());
        Map<ImageId, FirmwareImage> found = images.findAll(bundle.projectId(), ids).stream()
                .collect(Collectors.toMap(FirmwareImage::id, image -> image));
        List<FirmwareImage> componentImages = bundle.components().stream()
                .map(component -> found.get(component.imageId())).filter(Objects::nonNull).toList();
        return new ResolvedBundle(bundle, componentImages);
    }
}
