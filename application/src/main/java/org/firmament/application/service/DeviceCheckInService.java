package org.firmament.application.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.QueryDeviceUpdatesUseCase;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.OfferedUpdateRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.ServiceUnavailableException;
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
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.device.UpdatePolicy;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Use cases: Firmament's device API (a device asks what to install and reports its progress) and
 * the operators' view of each device's updates. What to install is {@link UpdatePolicy}'s decision.
 */
public final class DeviceCheckInService implements DeviceCheckInUseCase, QueryDeviceUpdatesUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final DeviceRepository devices;
    private final BundleRepository bundles;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final OfferedUpdateRepository updates;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration pollInterval;
    private final CheckInCatalog catalog;
    private final DeviceStates states;
    private final Candidates fromCatalogue = new Remembered();
    private final GroupCommit<Recording, Recorded> recordings;

    /** Check-ins recorded together at most: the reads of one recording transaction name this many devices. */
    static final int RECORDED_TOGETHER = 64;

    /**
     * {@code catalog} and {@code states} hold what a check-in may answer from (see their bounds):
     * a device's own status reports and the changes of the catalogue and of devices made on this
     * instance are seen at once, other instances' within the bounds. A check-in that must record a
     * new offer, or whose device's state is not remembered, reads the device and its latest offer
     * afresh; a decision that writes nothing is answered from {@code catalog}'s memory when it can
     * be, as for a remembered state, and one that writes is made on the catalogue as the database
     * holds it then (from {@code catalog} when that is current, else read afresh). At most
     * {@code recordingTransactions} recording transactions run at once; the check-ins that must
     * record meanwhile are recorded together in the next ({@link GroupCommit}).
     */
    public DeviceCheckInService(TransactionBoundary transactions, ProjectRepository projects, DeviceRepository devices,
                                BundleRepository bundles, FirmwareTypeRepository types, FirmwareImageRepository images,
                                OfferedUpdateRepository updates, AuditLog audit, Clock clock,
                                Duration pollInterval, CheckInCatalog catalog, DeviceStates states,
                                int recordingTransactions) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.devices = Objects.requireNonNull(devices);
        this.bundles = Objects.requireNonNull(bundles);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.updates = Objects.requireNonNull(updates);
        this.audit = new AuditTrail(audit, clock);
        this.clock = Objects.requireNonNull(clock);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.pollInterval = pollInterval;
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.recordings = new GroupCommit<>(RECORDED_TOGETHER, recordingTransactions,
                recording -> recording.caller().id(), this::recordAll);
    }

    @Override
    public Duration suggestedPollDelay() {
        long millis = pollInterval.toMillis();
        long spread = millis / 10;
        return Duration.ofMillis(millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    @Override
    public Optional<Offer> checkIn(Device caller, Stated stated, Actor actor) {
        AtomicReference<Recorded> recordedOnReading = new AtomicReference<>();
        DeviceStates.State state = states.get(caller.projectId(), caller.id(), () -> {
            Recorded recorded = readAndRecord(caller, stated);
            recordedOnReading.set(recorded);
            return new ExpiringCache.Found<>(recorded.state(), recorded.wrote());
        });
        if (recordedOnReading.get() != null) {
            return recordedOnReading.get().offer();
        }
        Optional<Optional<Offer>> remembered = answerFromCache(state, stated);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        // The state the decision was recorded on is what the device's next check-in needs.
        AtomicReference<Optional<Offer>> recorded = new AtomicReference<>();
        states.refresh(caller.projectId(), caller.id(), () -> {
            Recorded decided = recordDecision(caller, stated);
            recorded.set(decided.offer());
            return decided.state();
        });
        return recorded.get();
    }

    /**
     * A device not remembered is read in the transaction that records what its check-in decides,
     * so that a device whose check-in records an offer (a rollout's first check-ins) is read once,
     * not once to decide and again to record. The catalogue the caller's decision needs is looked
     * up first, outside that transaction (a lookup inside would remember rows of its session), so
     * that the transaction decides from memory; a catalogue that remembers nothing is read in the
     * transaction instead. The caller may be an older copy of the device (or one deleted since):
     * looked up on it, the catalogue may hold an entry more or one fewer than the decision needs,
     * which costs a lookup and answers nothing wrong.
     */
    private Recorded readAndRecord(Device caller, Stated stated) {
        if (catalog.remembers()) {
            decide(caller, stated, fromCatalogue);
        }
        return recordDecision(caller, stated);
    }

    /** A recorded decision's answer, the device's state once it is committed, and whether it wrote that state. */
    record Recorded(DeviceStates.State state, Optional<Offer> offer, boolean wrote) {
    }

    /**
     * The answer when what is remembered needs no change (the offer stands, was installed, or there
     * is none): no database access once the catalogue is remembered too. Empty when a new offer must
     * be recorded.
     */
    private Optional<Optional<Offer>> answerFromCache(DeviceStates.State state, Stated stated) {
        // Read before anything is looked up: a change racing the decision then makes it stale.
        long catalogue = catalog.generation();
        DeviceStates.Answer remembered = state.answer();
        if (remembered != null && remembered.catalogue() == catalogue && remembered.stated().equals(stated)) {
            return Optional.of(remembered.answer());
        }
        Optional<UpdateDecision> decision = decide(state.device(), stated, fromCatalogue);
        Optional<OfferedUpdate> latest = state.latest();
        Outcome outcome = Outcome.of(decision, latest);
        if (outcome.writes()) {
            return Optional.empty();
        }
        Optional<Offer> answer = outcome == Outcome.STANDS
                ? Optional.of(new Offer(latest.get(), decision.get().images())) : Optional.empty();
        state.remember(new DeviceStates.Answer(stated, catalogue, answer));
        return Optional.of(answer);
    }

    /** {@link UpdatePolicy}'s decision for {@code device} on the candidates {@code source} gives. */
    private static Optional<UpdateDecision> decide(Device device, Stated stated, Candidates source) {
        Project project = source.project(device.projectId())
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, device.id().value()));
        UpdatePolicy.Situation situation = situation(device, project, stated);
        // Of all the catalogue, the policy can only choose a type's latest release, the version a pin
        // names, the newest offered bundle and the pinned one: handed those alone, it decides the same,
        // at a cost that does not grow with every release of the type or the class.
        Optional<UpdatePin.PinnedVersion> pinnedVersion = pinnedVersion(device);
        List<FirmwareType> candidateTypes = new ArrayList<>();
        List<FirmwareImage> candidateImages = new ArrayList<>();
        for (FirmwareTypeName name : UpdatePolicy.typesConsidered(situation)) {
            source.typeWithImages(device.projectId(), name).ifPresent(found -> {
                candidateTypes.add(found.type());
                found.latestRelease().image().ifPresent(candidateImages::add);
                pinnedVersion.filter(pin -> pin.type().equals(name)).ifPresent(pin -> {
                    for (FirmwareImage image : found.images()) {
                        if (image.version().equals(pin.version())) {
                            candidateImages.add(image);
                        }
                    }
                });
            });
        }
        List<ResolvedBundle> fromBundles = new ArrayList<>(2);
        source.newestOffered(device, project).ifPresent(fromBundles::add);
        pinnedBundle(device).flatMap(pinned -> source.bundle(device.projectId(), pinned)).ifPresent(fromBundles::add);
        List<Bundle> candidateBundles = new ArrayList<>();
        for (ResolvedBundle bundle : fromBundles) {
            candidateBundles.add(bundle.bundle());
            candidateImages.addAll(bundle.images());
            for (BundleComponent component : bundle.bundle().components()) {
                if (!named(candidateTypes, component.typeName())) {
                    source.type(device.projectId(), component.typeName()).ifPresent(candidateTypes::add);
                }
            }
        }
        return UpdatePolicy.decide(situation, new UpdatePolicy.Catalog(candidateBundles, candidateTypes,
                candidateImages));
    }

    /**
     * Where a decision's candidates come from: what the catalogue remembers ({@link Remembered}),
     * or the database read afresh inside a transaction ({@link Fresh}). One decision, two sources,
     * so that the answer from memory and the recorded one cannot drift apart.
     */
    private interface Candidates {
        Optional<Project> project(ProjectId projectId);

        Optional<CheckInCatalog.TypeWithImages> typeWithImages(ProjectId projectId, FirmwareTypeName name);

        /** The type alone: a bundle's component types need no images of their own. */
        Optional<FirmwareType> type(ProjectId projectId, FirmwareTypeName name);

        /**
         * The newest of the bundles of the device's class on its effective channel
         * ({@link UpdatePolicy#offeredBundles}), with its component images: the only one of them the
         * policy can offer.
         */
        Optional<ResolvedBundle> newestOffered(Device device, Project project);

        Optional<ResolvedBundle> bundle(ProjectId projectId, BundleId bundleId);
    }

    private final class Remembered implements Candidates {
        @Override
        public Optional<Project> project(ProjectId projectId) {
            return catalog.project(projectId);
        }

        @Override
        public Optional<CheckInCatalog.TypeWithImages> typeWithImages(ProjectId projectId, FirmwareTypeName name) {
            return catalog.type(projectId, name);
        }

        @Override
        public Optional<FirmwareType> type(ProjectId projectId, FirmwareTypeName name) {
            return catalog.type(projectId, name).map(CheckInCatalog.TypeWithImages::type);
        }

        @Override
        public Optional<ResolvedBundle> newestOffered(Device device, Project project) {
            return last(catalog.offered(device, project));
        }

        @Override
        public Optional<ResolvedBundle> bundle(ProjectId projectId, BundleId bundleId) {
            return catalog.bundle(projectId, bundleId);
        }
    }

    /** The repositories, read inside the caller's transaction; one per decision (it keeps the project's types). */
    private final class Fresh implements Candidates {
        private Map<FirmwareTypeName, FirmwareType> projectTypes;

        @Override
        public Optional<Project> project(ProjectId projectId) {
            return projects.find(projectId);
        }

        @Override
        public Optional<CheckInCatalog.TypeWithImages> typeWithImages(ProjectId projectId, FirmwareTypeName name) {
            return type(projectId, name).map(type -> new CheckInCatalog.TypeWithImages(type,
                    images.list(projectId, Optional.of(name))));
        }

        @Override
        public Optional<FirmwareType> type(ProjectId projectId, FirmwareTypeName name) {
            if (projectTypes == null) {
                // A project has a handful of types, and both kinds of candidate need some: one read for all.
                projectTypes = new HashMap<>();
                for (FirmwareType type : types.list(projectId)) {
                    projectTypes.put(type.name(), type);
                }
            }
            return Optional.ofNullable(projectTypes.get(name));
        }

        @Override
        public Optional<ResolvedBundle> newestOffered(Device device, Project project) {
            return last(UpdatePolicy.offeredBundles(device, project, bundles.list(device.projectId(),
                    device.deviceClass(), Optional.of(device.effectiveChannel(project))))).map(catalog::resolve);
        }

        @Override
        public Optional<ResolvedBundle> bundle(ProjectId projectId, BundleId bundleId) {
            return bundles.find(projectId, bundleId).map(catalog::resolve);
        }
    }

    private Recorded recordDecision(Device caller, Stated stated) {
        return recordings.submit(new Recording(caller, stated));
    }

    /** A check-in whose decision is recorded (or found to need no write) in a recording transaction. */
    record Recording(Device caller, Stated stated) {
    }

    /**
     * The check-ins that arrived together, recorded in one transaction: it reads their devices and
     * latest offers in one statement each, writes the offers superseded and the new ones in one
     * batch each, and commits once, where each alone made seven round trips to the database. When
     * it fails, each is recorded on its own, as a lone check-in is, so that one device's conflict
     * or failure is its own; only a database out of reach fails them all at once.
     */
    List<GroupCommit.Result<Recorded>> recordAll(List<Recording> batch) {
        if (batch.size() > 1) {
            try {
                return transactions.inTransaction(() -> recordTogether(batch));
            } catch (ServiceUnavailableException unavailable) {
                throw unavailable;
            } catch (RuntimeException failed) {
                // Another instance recorded for one of the devices meanwhile, or one device's recording fails.
            }
        }
        return batch.stream().map(this::recordAlone).toList();
    }

    /** Retried once: two check-ins of one device racing to record the same new decision. */
    private GroupCommit.Result<Recorded> recordAlone(Recording recording) {
        return GroupCommit.Result.from(() ->
                transactions.inTransactionRetryingOnce(() -> recordTogether(List.of(recording))).get(0).get());
    }

    /**
     * Inside the recording transaction: each check-in's decision, and the writes it needs. A
     * device not found (deleted meanwhile, or its project) fails its own check-in only.
     */
    private List<GroupCommit.Result<Recorded>> recordTogether(List<Recording> batch) {
        Map<ProjectId, List<DeviceId>> byProject = new HashMap<>();
        for (Recording recording : batch) {
            byProject.computeIfAbsent(recording.caller().projectId(), project -> new ArrayList<>())
                    .add(recording.caller().id());
        }
        Map<DeviceId, Device> stored = new HashMap<>();
        Map<DeviceId, OfferedUpdate> latest = new HashMap<>();
        byProject.forEach((project, ids) -> {
            stored.putAll(devices.findEach(project, ids));
            latest.putAll(updates.latestForEach(project, ids));
        });
        CatalogueAsOfNow catalogue = new CatalogueAsOfNow();
        List<OfferedUpdate> superseded = new ArrayList<>();
        List<OfferedUpdate> offered = new ArrayList<>();
        List<GroupCommit.Result<Recorded>> results = new ArrayList<>(batch.size());
        for (Recording recording : batch) {
            DeviceId id = recording.caller().id();
            try {
                Device device = Optional.ofNullable(stored.get(id))
                        .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, id.value()));
                results.add(GroupCommit.Result.of(record(recording, device, Optional.ofNullable(latest.get(id)),
                        catalogue, superseded, offered)));
            } catch (NotFoundException gone) {
                results.add(GroupCommit.Result.failed(gone));
            }
        }
        updates.updateAll(superseded);
        updates.addAll(offered);
        // The offers are part of what every instance's check-in answers: each device told once.
        Stream.concat(superseded.stream(), offered.stream()).map(OfferedUpdate::deviceId).distinct()
                .forEach(states::announce);
        return results;
    }

    /**
     * One check-in's decision on its device and latest offer as the transaction read them; the
     * offer it supersedes and the one it makes are added to {@code superseded} and {@code offered}
     * once the decision stands (a decision that fails adds nothing).
     */
    private Recorded record(Recording recording, Device device, Optional<OfferedUpdate> latest,
                            CatalogueAsOfNow catalogue, List<OfferedUpdate> superseded, List<OfferedUpdate> offered) {
        DeviceStates.State current = new DeviceStates.State(held(recording.caller(), device), latest);
        Optional<UpdateDecision> decision = decisionWritingNothing(device, recording.stated(), latest)
                .orElseGet(() -> decideAsOfNow(device, recording.stated(), catalogue));
        Outcome outcome = Outcome.of(decision, latest);
        return switch (outcome) {
            case NOTHING, INSTALLED -> new Recorded(current, Optional.empty(), outcome.writes());
            case STANDS -> new Recorded(current, Optional.of(new Offer(latest.get(), decision.get().images())),
                    outcome.writes());
            case SUPERSEDE_OPEN -> {
                supersede(latest.get(), superseded);
                yield new Recorded(current, Optional.empty(), outcome.writes());
            }
            case NEW_OFFER -> {
                latest.filter(previous -> !previous.state().isFinal())
                        .ifPresent(previous -> supersede(previous, superseded));
                UpdateDecision decided = decision.get();
                OfferedUpdate made = OfferedUpdate.offer(OfferedUpdate.idFor(device, decided, latest), device,
                        decided, clock.now());
                offered.add(made);
                yield new Recorded(new DeviceStates.State(held(recording.caller(), device), Optional.of(made)),
                        Optional.of(new Offer(made, decided.images())), outcome.writes());
            }
        };
    }

    /**
     * Inside the recording transaction: the decision on the remembered catalogue, from memory,
     * when it writes nothing. That is what a check-in on a remembered state answers, within the
     * catalogue's bound; only a write needs the catalogue as the database holds it now
     * ({@link #decideAsOfNow}). Empty when something is not remembered or a write follows.
     */
    private Optional<Optional<UpdateDecision>> decisionWritingNothing(Device device, Stated stated,
                                                                     Optional<OfferedUpdate> latest) {
        return FromMemory.attempt(() -> decide(device, stated, fromCatalogue))
                .filter(decision -> !Outcome.of(decision, latest).writes());
    }

    /** What a decision means next to the device's latest offer: the one reading of it both paths share. */
    private enum Outcome {
        /** Nothing to install, and no offer open. */
        NOTHING,
        /**
         * Nothing to install (the device states a version at or past the offer, the image was
         * withdrawn, a pin moved): the open offer no longer stands, and its history must say so.
         */
        SUPERSEDE_OPEN,
        /** The latest offer still offers what is decided. */
        STANDS,
        /** The device said it installed what is decided; until it states otherwise, nothing to do. */
        INSTALLED,
        /** A new offer to record, superseding the open one if there is one. */
        NEW_OFFER;

        boolean writes() {
            return this == SUPERSEDE_OPEN || this == NEW_OFFER;
        }

        static Outcome of(Optional<UpdateDecision> decision, Optional<OfferedUpdate> latest) {
            if (decision.isEmpty()) {
                return latest.isPresent() && !latest.get().state().isFinal() ? SUPERSEDE_OPEN : NOTHING;
            }
            if (latest.isPresent() && latest.get().stillOffers(decision.get())) {
                return STANDS;
            }
            if (latest.isPresent() && latest.get().installed(decision.get())) {
                return INSTALLED;
            }
            return NEW_OFFER;
        }
    }

    /**
     * {@code previous} no longer stands. Other instances are told with the transaction's other
     * changes: one that still remembers it as open would answer it again (and the device's report
     * on it would fail) were a later decision there to come back to the same content.
     */
    private void supersede(OfferedUpdate previous, List<OfferedUpdate> superseded) {
        previous.supersede(clock.now());
        superseded.add(previous);
    }

    /**
     * The device a remembered state holds ({@code stored}: the caller's row, read afresh): the
     * caller itself when the row is the same revision, so that a fleet's remembered devices are not
     * held twice (once with their key, once with their state). Every change of a device moves its
     * revision but last seen, which no decision reads; the caller is never changed in place
     * (changes are made on a fresh read).
     */
    private static Device held(Device caller, Device stored) {
        return stored.revision() == caller.revision() ? caller : stored;
    }

    /**
     * Inside the recording transaction: the decision on the catalogue as the database holds it
     * now, so that an offer is never written from a catalogue another instance changed. From what
     * the catalogue remembers when that is current (one read of its epoch, {@link
     * CheckInCatalog#currentGeneration}) and stayed so while deciding, else read afresh. From
     * memory only: a lookup made here would run in this transaction's session, which may hand back
     * rows it loaded before a change another instance committed since, and remember them.
     */
    private Optional<UpdateDecision> decideAsOfNow(Device device, Stated stated, CatalogueAsOfNow catalogue) {
        OptionalLong current = catalogue.generation();
        if (current.isPresent()) {
            Optional<Optional<UpdateDecision>> remembered = FromMemory.attempt(() -> {
                Optional<UpdateDecision> decided = decide(device, stated, fromCatalogue);
                return catalog.generation() == current.getAsLong() ? decided : null;
            });
            if (remembered.isPresent()) {
                return remembered.get();
            }
        }
        return decide(device, stated, new Fresh());
    }

    /** {@link CheckInCatalog#currentGeneration}, read once per recording transaction, when a decision first needs it. */
    private final class CatalogueAsOfNow {
        private OptionalLong read;

        OptionalLong generation() {
            if (read == null) {
                read = catalog.currentGeneration();
            }
            return read;
        }
    }

    private static UpdatePolicy.Situation situation(Device device, Project project, Stated stated) {
        return new UpdatePolicy.Situation(device, project,
                stated.versions().map(versions -> device.installedVersions().merge(versions))
                        .orElse(device.installedVersions()),
                stated.bundle().or(device::installedBundle));
    }

    /** The last of {@code items} (offered bundles come oldest first). */
    private static <T> Optional<T> last(List<T> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1));
    }

    /** Whether {@code types} holds one named {@code name}. */
    private static boolean named(List<FirmwareType> types, FirmwareTypeName name) {
        for (FirmwareType type : types) {
            if (type.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<BundleId> pinnedBundle(Device device) {
        return device.pin().filter(UpdatePin.PinnedBundle.class::isInstance)
                .map(pin -> ((UpdatePin.PinnedBundle) pin).bundleId());
    }

    private static Optional<UpdatePin.PinnedVersion> pinnedVersion(Device device) {
        return device.pin().filter(UpdatePin.PinnedVersion.class::isInstance).map(UpdatePin.PinnedVersion.class::cast);
    }

    @Override
    public OfferedUpdate report(Device caller, UUID updateId, StatusReport report, Actor actor) {
        return transactions.inTransaction(() -> {
            OfferedUpdate update = updates.find(caller.projectId(), updateId)
                    .filter(found -> found.deviceId().equals(caller.id()))
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE_UPDATE,
                            updateId.toString()));
            Device device = load(caller.projectId(), caller.id());
            UpdateState before = update.state();
            update.report(report.state(), report.message().orElse(null), clock.now());
            updates.update(update);
            // The update's progress is part of what every instance's check-in answers.
            states.changed(device.projectId(), device.id());
            boolean deviceChanged = false;
            if (report.installed().versions().isPresent()) {
                device.reportVersions(report.installed().versions().get(), clock.now());
                deviceChanged = true;
            }
            if (report.installed().bundle().isPresent()) {
                device.reportInstalled(report.installed().bundle().get(), clock.now());
                deviceChanged = true;
            }
            if (report.state() == UpdateState.SUCCEEDED) {
                update.applyTo(device, clock.now());
                deviceChanged = true;
            }
            if (deviceChanged) {
                devices.update(device);
            }
            if (before != update.state() && update.state().isFinal()) {
                audit.record(device.projectId(), actor, AuditEntry.Action.CHANGED, AuditEntry.Subject.DEVICE,
                        device.id().value(), "update " + update.id() + " " + update.state().name().toLowerCase()
                                + update.message().map(message -> ": " + message).orElse(""));
            }
            return update;
        });
    }

    @Override
    public UpdatePage history(ProjectId projectId, DeviceId deviceId, PageRequest page) {
        return transactions.inTransaction(() -> {
            load(projectId, deviceId);
            return new UpdatePage(updates.history(projectId, deviceId, page.offset(), page.limit()),
                    updates.count(projectId, deviceId));
        });
    }

    @Override
    public Optional<OfferedUpdate> current(ProjectId projectId, DeviceId deviceId) {
        return transactions.inTransaction(() -> {
            load(projectId, deviceId);
            return updates.latestFor(projectId, deviceId);
        });
    }

    private Device load(ProjectId projectId, DeviceId deviceId) {
        return devices.find(projectId, deviceId)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.DEVICE, deviceId.value()));
    }
}
