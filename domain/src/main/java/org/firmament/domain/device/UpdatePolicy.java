package org.firmament.domain.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.LatestRelease;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Rule: what a device should install now. Every surface's check-in asks this policy.
 *
 * <ol>
 *   <li><b>Pin.</b> A device the operator pinned gets what is pinned, when it runs something else,
 *       even when that is older (a pin is the only way to downgrade). A pinned bundle is all it
 *       gets; a pinned version fixes one firmware type, its other types follow rule 3.</li>
 *   <li><b>Bundle.</b> Otherwise, when bundles exist for the device's class on its effective
 *       channel (its override, else the project's default), the newest of them is offered unless
 *       the device already runs it. It is not offered when one of its components is older than
 *       the version the device runs of that type (no silent downgrade): the device gets nothing.</li>
 *   <li><b>Per type.</b> Otherwise each firmware type the device runs moves to its latest release
 *       ({@link LatestRelease}: newer by the type's version scheme, or different for opaque
 *       versions). Types the project does not have are ignored.</li>
 * </ol>
 * Only images with an artifact are ever offered: a device cannot install an image without bytes.
 */
public final class UpdatePolicy {

    private UpdatePolicy() {
    }

    /** What the policy looks at: the device and its project, and what the device runs. */
    public record Situation(Device device, Project project, InstalledVersions installed,
                            Optional<BundleId> installedBundle) {
        public Situation {
            Names.requirePresent("device", device);
            Names.requirePresent("project", project);
            Names.requirePresent("installed", installed);
            Names.requirePresent("installedBundle", installedBundle);
        }
    }

    /**
     * What there is to choose from: the bundles of the project, the firmware types the device runs
     * or is pinned to, and images of those types and of those bundles (others are ignored). Only
     * the newest bundle offered to the device, the pinned bundle, each type's latest release
     * ({@link LatestRelease}) and the image of a pinned version can be chosen, so a catalogue of
     * those alone (with the types) decides the same as the whole one.
     */
    public record Catalog(Collection<Bundle> bundles, Collection<FirmwareType> types, Collection<FirmwareImage> images) {
        public Catalog {
            bundles = List.copyOf(bundles);
            types = List.copyOf(types);
            images = List.copyOf(images);
        }
    }

    /** The firmware types whose images the policy may need for {@code situation}: the ones run and the pinned one. */
    public static List<FirmwareTypeName> typesConsidered(Situation situation) {
        List<FirmwareTypeName> names = new ArrayList<>(situation.installed().versions().keySet());
        situation.device().pin().filter(UpdatePin.PinnedVersion.class::isInstance)
                .map(pin -> ((UpdatePin.PinnedVersion) pin).type())
                .filter(type -> !names.contains(type))
                .ifPresent(names::add);
        return names;
    }

    /**
     * Rule 2's candidates: the bundles of the device's class on its effective channel, oldest
     * first; the last one is the newest, the one offered.
     */
    public static List<Bundle> offeredBundles(Device device, Project project, Collection<Bundle> bundles) {
        return bundlesFor(device.projectId(), device.deviceClass(), device.effectiveChannel(project), bundles);
    }

    /**
     * The bundles offered to any device of {@code deviceClass} on {@code channel} in the project
     * (seed 002's anonymous devices name their class and channel), oldest first.
     */
    public static List<Bundle> bundlesFor(ProjectId projectId, DeviceClass deviceClass, Channel channel,
                                          Collection<Bundle> bundles) {
        return bundles.stream()
                .filter(bundle -> bundle.projectId().equals(projectId))
                .filter(bundle -> bundle.deviceClass().equals(deviceClass) && bundle.channel().equals(channel))
                // A stable sort: bundles created at the same instant keep the order they were given in.
                .sorted(Comparator.comparing(Bundle::createdAt))
                .toList();
    }

    public static Optional<UpdateDecision> decide(Situation situation, Catalog catalog) {
        Map<ImageId, FirmwareImage> images = catalog.images().stream()
                .filter(image -> image.projectId().equals(situation.device().projectId()))
                .collect(Collectors.toMap(FirmwareImage::id, Function.identity(), (a, b) -> a));
        Map<FirmwareTypeName, FirmwareType> types = catalog.types().stream()
                .filter(type -> type.projectId().equals(situation.device().projectId()))
                .collect(Collectors.toMap(FirmwareType::name, Function.identity(), (a, b) -> a));
        Optional<UpdatePin> pin = situation.device().pin();
        if (pin.isPresent() && pin.get() instanceof UpdatePin.PinnedBundle pinned) {
            return catalog.bundles().stream().filter(bundle -> bundle.id().equals(pinned.bundleId())).findFirst()
                    .filter(bundle -> !situation.installedBundle().equals(Optional.of(bundle.id())))
                    .flatMap(bundle -> installable(bundle, images))
                    .map(bundleImages -> UpdateDecision.bundle(pinned.bundleId(), bundleImages, true));
        }
        List<Bundle> offered = offeredBundles(situation.device(), situation.project(), catalog.bundles());
        if (!offered.isEmpty()) {
            Bundle newest = offered.get(offered.size() - 1);
            if (situation.installedBundle().equals(Optional.of(newest.id()))) {
                return Optional.empty();
            }
            return installable(newest, images)
                    .filter(bundleImages -> bundleImages.stream().noneMatch(image ->
                            isDowngrade(types.get(image.typeName()), situation.installed(), image)))
                    .map(bundleImages -> UpdateDecision.bundle(newest.id(), bundleImages, false));
        }
        return perType(situation, types, images.values(), pin);
    }

    private static Optional<UpdateDecision> perType(Situation situation, Map<FirmwareTypeName, FirmwareType> types,
                                                    Collection<FirmwareImage> images, Optional<UpdatePin> pin) {
        Optional<UpdatePin.PinnedVersion> pinnedVersion = pin.filter(UpdatePin.PinnedVersion.class::isInstance)
                .map(UpdatePin.PinnedVersion.class::cast);
        List<FirmwareImage> chosen = new ArrayList<>();
        boolean pinned = false;
        for (FirmwareTypeName typeName : typesConsidered(situation)) {
            FirmwareType type = types.get(typeName);
            if (type == null) {
                continue;
            }
            Optional<FirmwareVersion> installed = situation.installed().of(typeName);
            if (pinnedVersion.isPresent() && pinnedVersion.get().type().equals(typeName)) {
                FirmwareVersion wanted = pinnedVersion.get().version();
                Optional<FirmwareImage> image = images.stream()
                        .filter(candidate -> candidate.typeName().equals(typeName) && candidate.version().equals(wanted))
                        .filter(candidate -> candidate.artifact().isPresent())
                        .findFirst();
                if (image.isPresent() && !installed.equals(Optional.of(wanted))) {
                    chosen.add(image.get());
                    pinned = true;
                }
                continue;
            }
            if (installed.isEmpty()) {
                continue;
            }
            if (!isWrittenIn(type, installed.get())) {
                // A version the type's scheme cannot read cannot be compared; no guess is safe.
                continue;
            }
            latestReleaseFor(type, installed.get(), images).ifPresent(chosen::add);
        }
        // In type order, so the same content always gives the same fingerprint.
        chosen.sort(Comparator.comparing(image -> image.typeName().value()));
        return chosen.isEmpty() ? Optional.empty() : Optional.of(UpdateDecision.images(chosen, pinned));
    }

    /**
     * Rule 3 for one type, for surfaces that ask about one type without a device (seed 000's
     * check): the latest release when it should replace {@code installed}, else empty.
     *
     * @throws org.firmament.domain.InvalidValueException when {@code installed} is not written in the type's scheme
     */
    public static Optional<FirmwareImage> latestReleaseFor(FirmwareType type, FirmwareVersion installed,
                                                           Collection<FirmwareImage> images) {
        return LatestRelease.updateFor(type, installed, images);
    }

    /** The bundle's images, in component order, when all of them exist with an artifact. */
    private static Optional<List<FirmwareImage>> installable(Bundle bundle, Map<ImageId, FirmwareImage> images) {
        List<FirmwareImage> found = new ArrayList<>();
        for (BundleComponent component : bundle.components()) {
            FirmwareImage image = images.get(component.imageId());
            if (image == null || image.artifact().isEmpty()) {
                return Optional.empty();
            }
            found.add(image);
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    /** Whether installing {@code image} would take its type back to an older version than the device runs. */
    static boolean isDowngrade(FirmwareType type, InstalledVersions installed, FirmwareImage image) {
        Optional<FirmwareVersion> current = installed.of(image.typeName());
        if (type == null || current.isEmpty() || !type.scheme().isOrdered() || !isWrittenIn(type, current.get())) {
            return false;
        }
        return type.scheme().order().get().compare(image.version(), current.get()) < 0;
    }

    private static boolean isWrittenIn(FirmwareType type, FirmwareVersion version) {
        try {
            type.acceptVersion(version);
            return true;
        } catch (org.firmament.domain.InvalidValueException notInScheme) {
            return false;
        }
    }
}
