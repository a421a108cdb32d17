package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.firmament.application.port.in.PublishExternalFirmwareCommand;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 000's device check: the latest release when it is newer, decided on the remembered catalogue. */
class UpdateCheckServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final FirmwareTypeName OKM = FirmwareTypeName.of("OKM");
    private static final Duration BOUND = Duration.ofSeconds(5);

    private Instant now = NOW;
    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Epoch epoch = new Fakes.Epoch();
    private final CheckInCatalog catalog = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types,
            images, () -> now, BOUND, epoch);
    /** Writes as the server's services do: through the decorators that tell the catalogue. */
    private final ImageService publisher = new ImageService(transactions, projects,
            CatalogChangesSeen.types(types, catalog::changed), CatalogChangesSeen.images(images, catalog::changed),
            new Fakes.NoBundles(), new BinaryReleaser(transactions, images, new Fakes.Catalogue(), new Fakes.Store(),
            () -> now), new Fakes.Audit(transactions), IdGenerator.secureRandom(), () -> now);
    private final UpdateCheckService checks = new UpdateCheckService(catalog);

    @BeforeEach
    void aProject() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
    }

    private FirmwareImage publish(String version) {
        return publisher.publish(new PublishExternalFirmwareCommand(ProjectId.DEFAULT, OKM, FirmwareVersion.of(version),
                new Artifact.ExternalUrl("https://storage.example.com/" + version + ".bin"), VersionScheme.NUMERIC),
                Actor.ADMIN);
    }

    private Optional<FirmwareImage> check(String installed) {
        return checks.updateFor(ProjectId.DEFAULT, OKM, FirmwareVersion.of(installed));
    }

    @Test
    void theLatestReleaseIsAnsweredOnlyWhenItIsNewerThanWhatTheDeviceRuns() {
        publish("19");
        FirmwareImage latest = publish("20");
        assertEquals(Optional.of(latest.id()), check("19").map(FirmwareImage::id));
        assertEquals(Optional.of(latest.id()), check("0019").map(FirmwareImage::id), "numeric: leading zeros");
        assertEquals(Optional.empty(), check("20"));
        assertEquals(Optional.empty(), check("21"), "never a downgrade");
    }

    @Test
    void repeatChecksReadNothing_andAReleaseMadeHereIsAnsweredAtOnce() {
        publish("19");
        check("19");
        int read = transactions.count.get();
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), check("19"));
        }
        assertEquals(read, transactions.count.get(), "answered from the remembered catalogue");

        FirmwareImage newer = publish("20");
        assertEquals(Optional.of(newer.id()), check("19").map(FirmwareImage::id));
    }

    @Test
    void aReleaseMadeOnAnotherInstanceIsAnsweredWithinTheBound() {
        publish("19");
        assertEquals(Optional.empty(), check("19"));
        FirmwareImage elsewhere = publish("20");
        // The release was made "elsewhere": written without this catalogue forgetting, only the shared epoch moves.
        CheckInCatalog here = new CheckInCatalog(transactions, projects, new Fakes.Bundles(), types, images,
                () -> now, BOUND, epoch);
        UpdateCheckService checksHere = new UpdateCheckService(here);
        assertEquals(Optional.of(elsewhere.id()), checksHere.updateFor(ProjectId.DEFAULT, OKM, FirmwareVersion.of("19"))
                .map(FirmwareImage::id));
        FirmwareImage later = publish("21");
        now = NOW.plus(BOUND).minusMillis(1);
        assertEquals(Optional.of(elsewhere.id()), checksHere.updateFor(ProjectId.DEFAULT, OKM,
                FirmwareVersion.of("19")).map(FirmwareImage::id), "within the bound the remembered answer may stand");
        now = NOW.plus(BOUND);
        assertEquals(Optional.of(later.id()), checksHere.updateFor(ProjectId.DEFAULT, OKM, FirmwareVersion.of("19"))
                .map(FirmwareImage::id));
    }

    @Test
    void anUnknownTypeIsNotFound_aVersionOutsideTheTypesSchemeIsRefused() {
        publish("19");
        NotFoundException unknown = assertThrows(NotFoundException.class,
                () -> checks.updateFor(ProjectId.DEFAULT, FirmwareTypeName.of("NOPE"), FirmwareVersion.of("1")));
        assertEquals(NotFoundException.Subject.FIRMWARE_TYPE, unknown.subject());
        assertThrows(InvalidValueException.class, () -> check("1.0.0-beta"));
    }
}
