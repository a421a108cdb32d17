package org.firmament.domain.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.LatestRelease;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** The rules of {@link UpdatePolicy}: pin, bundle, per type, never a silent downgrade. */
class UpdatePolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DeviceClass LIGHT = DeviceClass.of("light");

    private final Project project = Project.create(ProjectId.DEFAULT, "Default project", T0);
    private final FirmwareType main = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("main"),
            VersionScheme.SEMANTIC, T0);
    private final FirmwareType radio = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("radio"),
            VersionScheme.NUMERIC, T0);
    private final FirmwareType blob = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("blob"),
            VersionScheme.OPAQUE, T0);
    private final List<FirmwareImage> images = new ArrayList<>();
    private final List<Bundle> bundles = new ArrayList<>();
    private int minute;

    private Device device(Channel override) {
        return Device.register(DeviceId.of("dev-1"), ProjectId.DEFAULT, LIGHT, override, SecretHash.of("key"), T0);
    }

    private FirmwareImage image(FirmwareType type, String version) {
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version),
                T0.plusSeconds(60L * ++minute));
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("k" + minute), type.name() + ".bin", 10,
                Digest.sha1("a".repeat(40)), Digest.sha256("b".repeat(64))));
        images.add(image);
        return image;
    }

    private Bundle bundle(String id, Channel channel, FirmwareImage... components) {
        Bundle bundle = Bundle.create(BundleId.of(id), ProjectId.DEFAULT, id, "", LIGHT, channel,
                List.of(components).stream().map(i -> new BundleComponent(i.id(), i.typeName())).toList(),
                T0.plusSeconds(60L * ++minute));
        bundles.add(bundle);
        return bundle;
    }

    private static InstalledVersions runs(String... typeVersion) {
        InstalledVersions installed = InstalledVersions.NONE;
        for (int i = 0; i < typeVersion.length; i += 2) {
            installed = installed.with(FirmwareTypeName.of(typeVersion[i]), FirmwareVersion.of(typeVersion[i + 1]));
        }
        return installed;
    }

    private Optional<UpdateDecision> decide(Device device, InstalledVersions installed, Optional<BundleId> bundle) {
        return UpdatePolicy.decide(new UpdatePolicy.Situation(device, project, installed, bundle),
                new UpdatePolicy.Catalog(bundles, List.of(main, radio, blob), images));
    }

    @Test
    void withoutBundlesEachTypeTheDeviceRunsMovesToItsLatestRelease() {
        image(main, "1.0.0");
        FirmwareImage mainLatest = image(main, "1.2.0");
        image(main, "1.2.0-rc.1");
        FirmwareImage radioLatest = image(radio, "0010");
        image(radio, "9");
        UpdateDecision decision = decide(device(null), runs("main", "1.0.0", "radio", "9"), Optional.empty()).orElseThrow();
        assertEquals(UpdateDecision.Kind.IMAGES, decision.kind());
        assertEquals(List.of(mainLatest, radioLatest), decision.images());
    }

    @Test
    void aDeviceOnTheLatestReleaseOfEveryTypeGetsNothing() {
        image(main, "1.0.0");
        image(main, "1.1.0");
        assertEquals(Optional.empty(), decide(device(null), runs("main", "1.1.0"), Optional.empty()));
    }

    @Test
    void aDeviceAheadOfTheLatestReleaseIsNeverSilentlyDowngraded() {
        image(main, "1.0.0");
        image(radio, "5");
        assertEquals(Optional.empty(), decide(device(null), runs("main", "2.0.0", "radio", "0006"), Optional.empty()));
    }

    @Test
    void opaqueVersionsUpdateOnAnyDifference() {
        FirmwareImage latest = image(blob, "build-b");
        assertEquals(List.of(latest),
                decide(device(null), runs("blob", "build-zzz"), Optional.empty()).orElseThrow().images());
        assertEquals(Optional.empty(), decide(device(null), runs("blob", "build-b"), Optional.empty()));
    }

    @Test
    void typesTheProjectDoesNotHaveAndVersionsOutsideTheSchemeAreIgnored() {
        image(main, "1.1.0");
        assertEquals(Optional.empty(), decide(device(null), runs("unknown", "1", "main", "not-semver"),
                Optional.empty()));
    }

    @Test
    void theNewestBundleOfTheDeviceClassOnTheProjectsDefaultChannelIsOffered() {
        FirmwareImage first = image(main, "1.0.0");
        FirmwareImage second = image(main, "1.1.0");
        bundle("b-old", Channel.STABLE, first);
        bundle("b-new", Channel.STABLE, second);
        bundle("b-beta", Channel.of("beta"), image(main, "2.0.0-beta.1"));
        UpdateDecision decision = decide(device(null), InstalledVersions.NONE, Optional.empty()).orElseThrow();
        assertEquals(Optional.of(BundleId.of("b-new")), decision.bundleId());
        assertEquals(List.of(second), decision.images());
    }

    @Test
    void aChannelOverrideSelectsTheBundleOfTheOverridingChannel() {
        bundle("b-stable", Channel.STABLE, image(main, "1.0.0"));
        bundle("b-beta", Channel.of("beta"), image(main, "2.0.0-beta.1"));
        assertEquals(Optional.of(BundleId.of("b-beta")),
                decide(device(Channel.of("beta")), runs("main", "1.0.0"), Optional.empty()).orElseThrow().bundleId());
    }

    @Test
    void aDeviceThatRunsTheOfferedBundleGetsNothing() {
        bundle("b-1", Channel.STABLE, image(main, "1.0.0"));
        assertEquals(Optional.empty(), decide(device(null), InstalledVersions.NONE, Optional.of(BundleId.of("b-1"))));
    }

    @Test
    void aBundleThatWouldDowngradeAComponentIsNotOffered() {
        bundle("b-1", Channel.STABLE, image(main, "1.0.0"), image(radio, "7"));
        assertEquals(Optional.empty(), decide(device(null), runs("main", "1.0.0", "radio", "8"), Optional.empty()));
    }

    @Test
    void whenBundlesAreOfferedPerTypeReleasesDoNotApply() {
        bundle("b-1", Channel.STABLE, image(main, "1.0.0"));
        image(radio, "9");
        UpdateDecision decision = decide(device(null), runs("radio", "1"), Optional.empty()).orElseThrow();
        assertEquals(UpdateDecision.Kind.BUNDLE, decision.kind());
    }

    @Test
    void aPinnedVersionIsOfferedEvenWhenItIsADowngrade() {
        FirmwareImage old = image(main, "1.0.0");
        image(main, "2.0.0");
        Device device = device(null);
        device.pin(new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("1.0.0")));
        UpdateDecision decision = decide(device, runs("main", "2.0.0"), Optional.empty()).orElseThrow();
        assertEquals(List.of(old), decision.images());
        assertTrue(decision.pinned());
        assertEquals(Optional.empty(), decide(device, runs("main", "1.0.0"), Optional.empty()));
    }

    @Test
    void aPinnedVersionFixesOneTypeAndTheOthersFollowTheirLatestRelease() {
        FirmwareImage pinned = image(main, "1.0.0");
        image(main, "2.0.0");
        FirmwareImage radioLatest = image(radio, "3");
        Device device = device(null);
        device.pin(new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("1.0.0")));
        assertEquals(List.of(pinned, radioLatest),
                decide(device, runs("radio", "2"), Optional.empty()).orElseThrow().images());
    }

    @Test
    void aPinnedBundleWinsOverTheChannelsBundleAndMayDowngrade() {
        bundle("b-old", Channel.of("archive"), image(main, "1.0.0"));
        bundle("b-new", Channel.STABLE, image(main, "2.0.0"));
        Device device = device(null);
        device.pin(new UpdatePin.PinnedBundle(BundleId.of("b-old")));
        UpdateDecision decision = decide(device, runs("main", "2.0.0"), Optional.of(BundleId.of("b-new")))
                .orElseThrow();
        assertEquals(Optional.of(BundleId.of("b-old")), decision.bundleId());
        assertTrue(decision.pinned());
        assertEquals(Optional.empty(), decide(device, runs("main", "1.0.0"), Optional.of(BundleId.of("b-old"))));
    }

    @Test
    void aPinToSomethingThatNoLongerExistsOffersNothing() {
        image(main, "2.0.0");
        Device device = device(null);
        device.pin(new UpdatePin.PinnedBundle(BundleId.of("gone")));
        assertEquals(Optional.empty(), decide(device, runs("main", "1.0.0"), Optional.empty()));
        device.pin(new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("1.5.0")));
        assertEquals(Optional.empty(), decide(device, runs("main", "2.0.0"), Optional.empty()));
    }

    @Test
    void aCatalogueOfWhatCanBeChosen_theNewestOfferedAndPinnedBundles_eachTypesLatestRelease_andAPinnedVersion_decidesAsTheWholeOne() {
        for (int release = 1; release <= 5; release++) {
            FirmwareImage mainImage = image(main, release + ".0.0");
            FirmwareImage radioImage = image(radio, String.valueOf(release));
            image(blob, "blob-" + release);
            bundle("stable-" + release, Channel.STABLE, mainImage, radioImage);
            bundle("beta-" + release, Channel.of("beta"), mainImage);
        }
        images.add(FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of("9.0.0"),
                T0.plusSeconds(60L * ++minute)));
        List<UpdatePin> pins = List.of(new UpdatePin.PinnedVersion(main.name(), FirmwareVersion.of("2.0.0")),
                new UpdatePin.PinnedVersion(radio.name(), FirmwareVersion.of("3")),
                new UpdatePin.PinnedBundle(BundleId.of("beta-2")), new UpdatePin.PinnedBundle(BundleId.of("stable-5")));
        List<InstalledVersions> runs = List.of(InstalledVersions.NONE, runs("main", "1.0.0"),
                runs("main", "5.0.0", "radio", "5"), runs("main", "6.0.0"), runs("radio", "2", "blob", "blob-1"));
        List<Optional<BundleId>> runsBundles = List.of(Optional.empty(), Optional.of(BundleId.of("stable-5")),
                Optional.of(BundleId.of("beta-2")));
        int decided = 0;
        for (Channel override : Arrays.asList(null, Channel.of("beta"), Channel.of("none"))) {
            for (Optional<UpdatePin> pin : Stream.concat(Stream.of(Optional.<UpdatePin>empty()),
                    pins.stream().map(Optional::of)).toList()) {
                Device device = device(override);
                pin.ifPresent(device::pin);
                for (InstalledVersions installed : runs) {
                    for (Optional<BundleId> bundle : runsBundles) {
                        UpdatePolicy.Situation situation = new UpdatePolicy.Situation(device, project, installed, bundle);
                        Optional<UpdateDecision> whole = UpdatePolicy.decide(situation,
                                new UpdatePolicy.Catalog(bundles, List.of(main, radio, blob), images));
                        assertEquals(whole, UpdatePolicy.decide(situation, whatCanBeChosen(situation)), situation::toString);
                        decided += whole.isPresent() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(decided > 20, "most situations decide something: " + decided);
    }

    /** The newest offered bundle and the pinned one, each type's latest release, a pinned version's image. */
    private UpdatePolicy.Catalog whatCanBeChosen(UpdatePolicy.Situation situation) {
        List<Bundle> chosenBundles = new ArrayList<>();
        List<Bundle> offered = UpdatePolicy.offeredBundles(situation.device(), project, bundles);
        if (!offered.isEmpty()) {
            chosenBundles.add(offered.get(offered.size() - 1));
        }
        situation.device().pin().filter(UpdatePin.PinnedBundle.class::isInstance)
                .flatMap(pin -> bundles.stream().filter(b -> b.id().equals(((UpdatePin.PinnedBundle) pin).bundleId()))
                        .findFirst())
                .ifPresent(chosenBundles::add);
        List<FirmwareImage> chosenImages = new ArrayList<>();
        for (Bundle bundle : chosenBundles) {
            bundle.components().forEach(component -> images.stream()
                    .filter(image -> image.id().equals(component.imageId())).forEach(chosenImages::add));
        }
        for (FirmwareType type : List.of(main, radio, blob)) {
            LatestRelease.of(type, images).ifPresent(chosenImages::add);
        }
        situation.device().pin().filter(UpdatePin.PinnedVersion.class::isInstance)
                .map(UpdatePin.PinnedVersion.class::cast)
                .ifPresent(pin -> images.stream().filter(image -> image.typeName().equals(pin.type())
                        && image.version().equals(pin.version())).forEach(chosenImages::add));
        return new UpdatePolicy.Catalog(chosenBundles, List.of(main, radio, blob), chosenImages);
    }

    @Test
    void imagesWithoutBytesAreNeverOffered() {
        images.add(FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of("9.0.0"), T0));
        assertEquals(Optional.empty(), decide(device(null), runs("main", "1.0.0"), Optional.empty()));
    }

    @Test
    void theFingerprintChangesWithTheContentAndOnlyWithIt() {
        FirmwareImage a = image(main, "1.0.0");
        FirmwareImage b = image(radio, "2");
        assertEquals(UpdateDecision.images(List.of(a, b), false).fingerprint(),
                UpdateDecision.images(List.of(a, b), false).fingerprint());
        assertNotEquals(UpdateDecision.images(List.of(a), false).fingerprint(),
                UpdateDecision.images(List.of(a, b), false).fingerprint());
        assertNotEquals(UpdateDecision.images(List.of(a), false).fingerprint(),
                UpdateDecision.bundle(BundleId.of("b"), List.of(a), false).fingerprint());
        assertEquals(Map.of(), InstalledVersions.NONE.versions());
    }
}
