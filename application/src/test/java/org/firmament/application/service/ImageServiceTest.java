package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.RegisterImageCommand;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.domain.access.Actor;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Catalogue catalogue = new Fakes.Catalogue();
    private final BinaryReleaser releaser = new BinaryReleaser(transactions, images, catalogue, store, () -> NOW);
    private final ImageService service = new ImageService(transactions, projects, types, images, new Fakes.NoBundles(), releaser,
            new Fakes.Audit(transactions), IdGenerator.secureRandom(), () -> NOW);
    private final BinaryService binaries = new BinaryService(transactions, images, new Fakes.NoBundles(), store, releaser,
            new BinaryIntegrityService(transactions, catalogue, images, store, () -> NOW),
            new Fakes.Audit(transactions), () -> NOW, 1024);

    @BeforeEach
    void defaultProjectExists() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
    }

    private static RegisterImageCommand command(String type, String version, VersionScheme scheme) {
        return new RegisterImageCommand(ProjectId.DEFAULT, FirmwareTypeName.of(type), FirmwareVersion.of(version),
                scheme);
    }

    @Test
    void registeringTheFirstImageOfATypeCreatesTheTypeWithTheGivenScheme() {
        FirmwareImage image = service.register(command("ExampleFW", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertEquals(VersionScheme.SEMANTIC, types.find(ProjectId.DEFAULT, FirmwareTypeName.of("ExampleFW"))
                .orElseThrow().scheme());
        assertEquals("1.0.0", images.byId.get(image.id()).version().value());
        assertEquals(NOW, image.createdAt());
    }

    @Test
    void anExistingTypeKeepsItsOwnSchemeAndJudgesTheVersionByIt() {
        service.register(command("OKM", "0193", VersionScheme.NUMERIC), Actor.ADMIN);
        assertThrows(InvalidValueException.class, () -> service.register(command("OKM", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN));
        assertEquals(VersionScheme.NUMERIC, types.find(ProjectId.DEFAULT, FirmwareTypeName.of("OKM")).orElseThrow().scheme());
    }

    @Test
    void anInvalidVersionForANewTypeCreatesNeitherTypeNorImage() {
        assertThrows(InvalidValueException.class, () -> service.register(command("New", "v1", VersionScheme.SEMANTIC), Actor.ADMIN));
        assertTrue(types.byKey.isEmpty());
        assertTrue(images.byId.isEmpty());
    }

    @Test
    void aSecondImageWithTheSameTypeAndVersionIsRefused() {
        service.register(command("OKM", "1", VersionScheme.NUMERIC), Actor.ADMIN);
        assertThrows(DuplicateVersionException.class, () -> service.register(command("OKM", "1", VersionScheme.NUMERIC), Actor.ADMIN));
        assertEquals(1, images.byId.size());
    }

    @Test
    void anUnknownProjectIsNotFound() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> service.register(
                new RegisterImageCommand(ProjectId.of(9), FirmwareTypeName.of("a"), FirmwareVersion.of("1.0.0"),
                        VersionScheme.SEMANTIC), Actor.ADMIN));
        assertEquals(NotFoundException.Subject.PROJECT, missing.subject());
    }

    @Test
    void whenAConcurrentRequestCreatesTheSameTypeFirstTheRegistrationIsRetriedOnceAndSucceeds() {
        types.conflictsToRaise = 1;
        FirmwareImage image = service.register(command("Racy", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertTrue(images.byId.containsKey(image.id()));
        assertEquals(2, transactions.count.get());
    }

    @Test
    void eachUseCaseCallIsOneTransaction() {
        service.register(command("ExampleFW", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertEquals(1, transactions.count.get());
    }

    @Test
    void getOfAnImageOfAnotherProjectIsNotFound() {
        FirmwareImage image = service.register(command("ExampleFW", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertThrows(NotFoundException.class, () -> service.get(ProjectId.of(2), image.id()));
    }

    @Test
    void listFiltersByTypeOldestFirst() {
        service.register(command("A", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        service.register(command("B", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertEquals(1, service.list(ProjectId.DEFAULT, Optional.of(FirmwareTypeName.of("A"))).size());
        assertEquals(2, service.list(ProjectId.DEFAULT, Optional.empty()).size());
    }

    @Test
    void removingAnImageReleasesItsStoredBinary() {
        FirmwareImage image = service.register(command("ExampleFW", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        binaries.attach(new AttachBinaryCommand(ProjectId.DEFAULT, image.id(), "image.hex",
                new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII))), Actor.ADMIN);
        FirmwareImage removed = service.remove(ProjectId.DEFAULT, image.id(), Actor.ADMIN);
        assertTrue(removed.confirmed(), "the removed image is returned as it was");
        assertTrue(store.blobs.isEmpty());
        assertFalse(images.byId.containsKey(image.id()));
    }

    private static org.firmament.domain.firmware.Artifact.ExternalUrl url(String path) {
        return new org.firmament.domain.firmware.Artifact.ExternalUrl("https://storage.example.com/" + path);
    }

    @Test
    void publishingCreatesAnImageWhoseArtifactIsTheUrl() {
        FirmwareImage image = service.publish(new org.firmament.application.port.in.PublishExternalFirmwareCommand(
                ProjectId.DEFAULT, FirmwareTypeName.of("OKM"), FirmwareVersion.of("01932023020111482"), url("okm.bin"),
                VersionScheme.NUMERIC), Actor.ADMIN);
        assertEquals(Optional.of(url("okm.bin")), images.byId.get(image.id()).artifact());
        assertFalse(image.confirmed(), "an external URL is not a verified binary");
    }

    @Test
    void revisingMovesTheImageToAnotherVersionAndReleasesAReplacedBinary() {
        FirmwareImage image = service.register(command("fw", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        binaries.attach(new AttachBinaryCommand(ProjectId.DEFAULT, image.id(), "a.bin",
                new ByteArrayInputStream(new byte[] {1, 2})), Actor.ADMIN);
        FirmwareImage revised = service.revise(new org.firmament.application.port.in.ReviseImageCommand(ProjectId.DEFAULT,
                image.id(), FirmwareTypeName.of("fw"), FirmwareVersion.of("1.0.1"), Optional.of(url("fw.bin")),
                VersionScheme.SEMANTIC), Actor.ADMIN);
        assertEquals("1.0.1", revised.version().value());
        assertEquals(Optional.of(url("fw.bin")), revised.artifact());
        assertTrue(store.blobs.isEmpty(), "the stored binary the URL replaced is released");
    }

    @Test
    void revisingWithoutUrlKeepsTheArtifact() {
        FirmwareImage image = service.publish(new org.firmament.application.port.in.PublishExternalFirmwareCommand(
                ProjectId.DEFAULT, FirmwareTypeName.of("OKM"), FirmwareVersion.of("1"), url("1.bin"), VersionScheme.NUMERIC), Actor.ADMIN);
        FirmwareImage revised = service.revise(new org.firmament.application.port.in.ReviseImageCommand(ProjectId.DEFAULT,
                image.id(), FirmwareTypeName.of("OKM"), FirmwareVersion.of("2"), Optional.empty(), VersionScheme.NUMERIC), Actor.ADMIN);
        assertEquals(Optional.of(url("1.bin")), revised.artifact());
    }

    @Test
    void revisingOntoAVersionAnotherImageHoldsIsRefused() {
        service.register(command("fw", "1.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        FirmwareImage other = service.register(command("fw", "2.0.0", VersionScheme.SEMANTIC), Actor.ADMIN);
        assertThrows(DuplicateVersionException.class, () -> service.revise(new org.firmament.application.port.in.ReviseImageCommand(
                ProjectId.DEFAULT, other.id(), FirmwareTypeName.of("fw"), FirmwareVersion.of("1.0.0"), Optional.empty(),
                VersionScheme.SEMANTIC), Actor.ADMIN));
    }

    @Test
    void revisingAMissingImageIsNotFound() {
        assertThrows(NotFoundException.class, () -> service.revise(new org.firmament.application.port.in.ReviseImageCommand(
                ProjectId.DEFAULT, org.firmament.domain.firmware.ImageId.of(java.util.UUID.randomUUID()),
                FirmwareTypeName.of("fw"), FirmwareVersion.of("1.0.0"), Optional.empty(), VersionScheme.SEMANTIC), Actor.ADMIN));
    }
}
