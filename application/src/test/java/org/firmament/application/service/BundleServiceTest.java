package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.in.BundleCommand;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.domain.access.Actor;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BundleServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final DeviceClass LIGHT = DeviceClass.of("smart_light");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Bundles bundles = new Fakes.Bundles();
    private Instant now = NOW;
    private final BundleService service = new BundleService(transactions, projects, bundles, images,
            devices, new DeviceCheckInServiceTest.OfferedUpdates(), new Fakes.Catalogue(), new Fakes.Audit(transactions),
            IdGenerator.secureRandom(), () -> NOW,
            new CheckInCatalog(transactions, projects, bundles, new Fakes.Types(), images, () -> NOW, Duration.ZERO,
                    new Fakes.Epoch()));
    /** The catalogue epoch every instance on the database shares. */
    private final Fakes.Epoch catalogEpoch = new Fakes.Epoch();
    private final CheckInCatalog catalog = new CheckInCatalog(transactions, projects, bundles, new Fakes.Types(),
            images, () -> now, Duration.ofSeconds(5), catalogEpoch);
    private final BundleService cached = new BundleService(transactions, projects,
            CatalogChangesSeen.bundles(bundles, catalog::changed), images, devices,
            new DeviceCheckInServiceTest.OfferedUpdates(), new Fakes.Catalogue(), new Fakes.Audit(transactions), IdGenerator.secureRandom(),
            () -> now, catalog);
    private Project project;

    @BeforeEach
    void defaultProjectExists() {
        project = Project.create(ProjectId.DEFAULT, "Default project", NOW);
        projects.byId.put(ProjectId.DEFAULT, project);
    }

    private ImageId image(String type, String version) {
        FirmwareType firmwareType = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of(type), VersionScheme.SEMANTIC, NOW);
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), firmwareType, FirmwareVersion.of(version), NOW);
        images.byId.put(image.id(), image);
        return image.id();
    }

    private ResolvedBundle create(Optional<Channel> channel, ImageId... components) {
        return service.create(new BundleCommand(ProjectId.DEFAULT, "light_bundle", "", LIGHT, channel, List.of(components)), Actor.ADMIN);
    }

    private Device device(Channel override) {
        return Device.register(DeviceId.of("d" + UUID.randomUUID().toString().substring(0, 8)), ProjectId.DEFAULT, LIGHT,
                override, SecretHash.of("key-" + UUID.randomUUID()), NOW);
    }

    @Test
    void aNewBundleIsOnTheStableChannelUnlessOneIsGivenAndResolvesItsImagesInOrder() {
        ImageId one = image("one", "2.0.0");
        ImageId two = image("two", "1.0.8");
        ResolvedBundle created = create(Optional.empty(), one, two);
        assertEquals(Channel.STABLE, created.bundle().channel());
        assertEquals(List.of(one, two), created.images().stream().map(FirmwareImage::id).toList());
        assertEquals(Channel.of("beta"), create(Optional.of(Channel.of("beta")), one).bundle().channel());
    }

    @Test
    void aCommandOfMoreComponentsThanABundleHolds_cannotBeMade_soNoImageIsRead() {
        List<ImageId> tooMany = new ArrayList<>();
        for (int i = 0; i <= Bundle.MAX_COMPONENTS; i++) {
            tooMany.add(ImageId.of(UUID.randomUUID()));
        }

        assertThrows(RuleViolationException.class, () -> new BundleCommand(ProjectId.DEFAULT, "too_many", "", LIGHT,
                Optional.empty(), tooMany));
        assertEquals(Bundle.MAX_COMPONENTS, new BundleCommand(ProjectId.DEFAULT, "most", "", LIGHT, Optional.empty(),
                tooMany.subList(0, Bundle.MAX_COMPONENTS)).images().size());
    }

    @Test
    void componentsMustBeImagesOfTheProjectAndOfDistinctTypes() {
        assertThrows(NotFoundException.class, () -> create(Optional.empty(), ImageId.of(UUID.randomUUID())));
        ImageId a = image("same", "1.0.0");
        ImageId b = image("same", "1.0.1");
        assertThrows(RuleViolationException.class, () -> create(Optional.empty(), a, b));
        assertTrue(bundles.byId.isEmpty());
    }

    @Test
    void aDeviceSeesTheBundlesOfItsClassOnItsEffectiveChannel() {
        ImageId one = image("one", "1.0.0");
        create(Optional.empty(), one);
        create(Optional.of(Channel.of("beta")), one);
        assertEquals(Channel.STABLE, service.forDevice(device(null)).get(0).bundle().channel());
        assertEquals(Channel.of("beta"), service.forDevice(device(Channel.of("beta"))).get(0).bundle().channel());
        project.changeDefaultChannel(Channel.of("beta"));
        assertEquals(Channel.of("beta"), service.forDevice(device(null)).get(0).bundle().channel());
        assertTrue(service.isOfferedTo(device(null), one));
        assertFalse(service.isOfferedTo(device(null), image("other", "1.0.0")));
    }

    @Test
    void checkInOffersAreRememberedUntilTheCatalogueEpochMoves_bundleChangesHereAreSeenAtOnce() {
        ImageId one = image("one", "1.0.0");
        cached.create(new BundleCommand(ProjectId.DEFAULT, "first", "", LIGHT, Optional.empty(), List.of(one)),
                Actor.ADMIN);
        Device device = device(null);
        assertEquals(1, cached.forDevice(device).size());

        now = now.plusSeconds(600);
        assertEquals(1, cached.forDevice(device).size(), "remembered while nothing changes");
        // A change this instance does not see (another instance's: a project's default channel) ...
        Project changed = Project.create(ProjectId.DEFAULT, "Default project", NOW);
        changed.changeDefaultChannel(Channel.of("beta"));
        projects.byId.put(ProjectId.DEFAULT, changed);
        catalogEpoch.advance();
        now = now.plusSeconds(4);
        assertEquals(1, cached.forDevice(device).size(), "still remembered until the epoch is read again");
        now = now.plusSeconds(1);
        assertEquals(0, cached.forDevice(device).size(), "looked up again once the epoch read shows the change");

        // ... while a bundle change made through this service is seen at the next check-in.
        cached.create(new BundleCommand(ProjectId.DEFAULT, "second", "", LIGHT, Optional.of(Channel.of("beta")),
                List.of(one)), Actor.ADMIN);
        assertEquals(1, cached.forDevice(device).size());
    }

    @Test
    void anonymousCallersGetBundlesOnlyFromProjectsThatAllowPublicOta() {
        ImageId one = image("one", "1.0.0");
        create(Optional.empty(), one);
        assertEquals(Optional.empty(), service.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.empty()));
        assertFalse(service.isPublic(ProjectId.DEFAULT, one));
        project.allowPublicOta(true);
        assertEquals(1, service.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.empty()).orElseThrow().size());
        assertEquals(0, service.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.of(Channel.of("beta"))).orElseThrow().size());
        assertTrue(service.isPublic(ProjectId.DEFAULT, one));
        assertEquals(Optional.empty(), service.forAnonymous(ProjectId.of(5), LIGHT, Optional.empty()));
    }

    @Test
    void anonymousPollsAreAnsweredFromTheRememberedCatalogue_andANewBundleFromTheNextPollOn() {
        project.allowPublicOta(true);
        ImageId one = image("one", "1.0.0");
        cached.create(new BundleCommand(ProjectId.DEFAULT, "first", "", LIGHT, Optional.empty(), List.of(one)),
                Actor.ADMIN);
        assertEquals(1, cached.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.empty()).orElseThrow().size());
        int read = transactions.count.get();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, cached.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.empty()).orElseThrow().size());
        }
        assertEquals(read, transactions.count.get(), "repeat polls read nothing");

        now = now.plusSeconds(1);
        ResolvedBundle second = cached.create(new BundleCommand(ProjectId.DEFAULT, "second", "", LIGHT,
                Optional.empty(), List.of(one)), Actor.ADMIN);
        List<ResolvedBundle> offered = cached.forAnonymous(ProjectId.DEFAULT, LIGHT, Optional.empty()).orElseThrow();
        assertEquals(List.of("first", "second"), offered.stream().map(bundle -> bundle.bundle().name()).toList(),
                "oldest first, as a device's own check-in lists them");
        assertEquals(second.bundle().id(), offered.get(1).bundle().id());
        Device device = device(null);
        assertEquals(cached.forDevice(device), offered, "the same answer a device of the class gets with its key");
    }

    @Test
    void anonymousPollsNamingWhatDoesNotExistAreLookedUpEachTime_soMadeUpNamesTakeNoRoom() {
        project.allowPublicOta(true);
        for (Runnable poll : List.<Runnable>of(
                () -> assertEquals(Optional.empty(), cached.forAnonymous(ProjectId.of(99), LIGHT, Optional.empty())),
                () -> assertEquals(List.of(), cached.forAnonymous(ProjectId.DEFAULT, DeviceClass.of("made_up"),
                        Optional.empty()).orElseThrow()),
                () -> assertEquals(List.of(), cached.forAnonymous(ProjectId.DEFAULT, LIGHT,
                        Optional.of(Channel.of("made_up"))).orElseThrow()))) {
            poll.run();
            int read = transactions.count.get();
            poll.run();
            assertTrue(transactions.count.get() > read, "looked up again");
        }
    }

    @Test
    void aDeviceReportsItsInstalledBundle() {
        Device device = device(null);
        devices.add(device);
        service.reportInstalled(device, BundleId.of("5e0e4a19ff1bc0646141d221"));
        assertEquals(Optional.of(BundleId.of("5e0e4a19ff1bc0646141d221")),
                service.installedBundle(ProjectId.DEFAULT, device.id()));
        assertThrows(NotFoundException.class, () -> service.installedBundle(ProjectId.DEFAULT, DeviceId.of("nobody")));
    }
}
