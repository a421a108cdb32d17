package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinaryServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Catalogue catalogue = new Fakes.Catalogue();
    private final BinaryService service = new BinaryService(transactions, images, new Fakes.NoBundles(), store,
            new BinaryReleaser(transactions, images, catalogue, store, () -> NOW),
            new BinaryIntegrityService(transactions, catalogue, images, store, () -> NOW),
            new Fakes.Audit(transactions), () -> NOW, 16);
    private FirmwareImage image;

    @BeforeEach
    void anImageWithoutBinary() {
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("fw"), VersionScheme.SEMANTIC, NOW);
        image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("1.0.0"), NOW);
        images.byId.put(image.id(), image);
    }

    private AttachBinaryCommand upload(ImageId id, String content) {
        return new AttachBinaryCommand(ProjectId.DEFAULT, id, "image.hex",
                new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void uploadingStoresTheBytesWithTheirDigestsAndConfirmsTheImage() throws Exception {
        FirmwareImage confirmed = service.attach(upload(image.id(), "0123456789"), Actor.ADMIN);
        assertTrue(confirmed.confirmed());
        DownloadableBinary binary = service.describe(ProjectId.DEFAULT, image.id());
        assertEquals(10, binary.binary().size());
        assertEquals("87acec17cd9dcd20a716cc2cf67417b71c8a7016", binary.binary().sha1().hex());
        assertEquals("84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882", binary.binary().sha256().hex());
        try (InputStream in = service.open(binary, 2, 3).asStream()) {
            assertArrayEquals("234".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
    }

    @Test
    void uploadingToAMissingImageFailsBeforeAnythingIsStored() {
        assertThrows(NotFoundException.class, () -> service.attach(upload(ImageId.of(UUID.randomUUID()), "abc"), Actor.ADMIN));
        assertEquals(0, store.stores);
    }

    @Test
    void anEmptyUploadIsRefusedAndLeavesNothingStored() {
        InvalidValueException refused = assertThrows(InvalidValueException.class,
                () -> service.attach(upload(image.id(), ""), Actor.ADMIN));
        assertEquals("No file uploaded", refused.getMessage());
        assertTrue(store.blobs.isEmpty());
        assertFalse(images.byId.get(image.id()).confirmed());
    }

    @Test
    void anUploadOverTheLimitIsRefused() {
        assertThrows(BinaryTooLargeException.class, () -> service.attach(upload(image.id(), "x".repeat(17)), Actor.ADMIN));
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void whenTheRowCannotBeWrittenTheStoredBinaryIsDeletedAgain() {
        // Not a concurrent change: those are run once more (a concurrent upload of the same bytes is one).
        images.failNextUpdate = new IllegalStateException("the database refused the row");
        assertThrows(IllegalStateException.class, () -> service.attach(upload(image.id(), "abc"), Actor.ADMIN));
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void replacingABinaryReleasesTheOldOne() {
        service.attach(upload(image.id(), "first"), Actor.ADMIN);
        service.attach(upload(image.id(), "second"), Actor.ADMIN);
        assertEquals(1, store.blobs.size());
        assertEquals(6, service.describe(ProjectId.DEFAULT, image.id()).binary().size());
    }

    @Test
    void deletingTheBinaryUnconfirmsTheImageAndReleasesTheBytes() {
        service.attach(upload(image.id(), "abc"), Actor.ADMIN);
        FirmwareImage after = service.detach(ProjectId.DEFAULT, image.id(), Actor.ADMIN);
        assertFalse(after.confirmed());
        assertTrue(store.blobs.isEmpty());
        NotFoundException none = assertThrows(NotFoundException.class, () -> service.describe(ProjectId.DEFAULT, image.id()));
        assertEquals(NotFoundException.Subject.BINARY, none.subject());
    }

    @Test
    void deletingABinaryThatIsNotThereIsNotFoundWithSubjectBinary() {
        NotFoundException none = assertThrows(NotFoundException.class, () -> service.detach(ProjectId.DEFAULT, image.id(), Actor.ADMIN));
        assertEquals(NotFoundException.Subject.BINARY, none.subject());
    }

    private FirmwareImage anotherImage(String version) {
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("fw"), VersionScheme.SEMANTIC, NOW);
        FirmwareImage other = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version), NOW);
        images.byId.put(other.id(), other);
        return other;
    }

    @Test
    void identicalBytesAreStoredOnce() {
        FirmwareImage other = anotherImage("2.0.0");
        service.attach(upload(image.id(), "same bytes"), Actor.ADMIN);
        service.attach(upload(other.id(), "same bytes"), Actor.ADMIN);
        assertEquals(1, store.blobs.size());
        assertEquals(1, catalogue.entries.size());
        assertEquals(service.describe(ProjectId.DEFAULT, image.id()).binary().key(),
                service.describe(ProjectId.DEFAULT, other.id()).binary().key());
    }

    @Test
    void deletingOneImagesBinaryKeepsTheBytesAnotherImageUses() throws Exception {
        FirmwareImage other = anotherImage("2.0.0");
        service.attach(upload(image.id(), "same bytes"), Actor.ADMIN);
        service.attach(upload(other.id(), "same bytes"), Actor.ADMIN);
        service.detach(ProjectId.DEFAULT, image.id(), Actor.ADMIN);
        DownloadableBinary kept = service.describe(ProjectId.DEFAULT, other.id());
        try (InputStream in = service.open(kept, 0, kept.binary().size()).asStream()) {
            assertArrayEquals("same bytes".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        service.detach(ProjectId.DEFAULT, other.id(), Actor.ADMIN);
        assertTrue(store.blobs.isEmpty());
        assertTrue(catalogue.entries.isEmpty());
    }

    @Test
    void aWholeDownloadOfBytesThatNoLongerMatchFailsBeforeItsLastByteAndTheBinaryIsNoLongerOffered() {
        service.attach(upload(image.id(), "0123456789"), Actor.ADMIN);
        DownloadableBinary binary = service.describe(ProjectId.DEFAULT, image.id());
        store.blobs.get(binary.binary().key())[3] ^= 1;

        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        assertThrows(org.firmament.application.port.out.ServiceUnavailableException.class, () -> {
            try (InputStream in = service.open(binary, 0, binary.binary().size()).asStream()) {
                in.transferTo(received);
            }
        });
        assertTrue(received.size() < binary.binary().size(), "the last byte never left: " + received.size());
        assertTrue(catalogue.entries.get(binary.binary().key()).corruptSince().isPresent());
        assertThrows(org.firmament.application.port.out.ServiceUnavailableException.class,
                () -> service.open(service.describe(ProjectId.DEFAULT, image.id()), 0, 3),
                "not even a range of it is served");
    }

    @Test
    void theCorruptMarkTravelsWithTheLookupSoOpeningAsksTheCatalogueNoMore() throws Exception {
        service.attach(upload(image.id(), "0123456789"), Actor.ADMIN);
        DownloadableBinary before = service.describe(ProjectId.DEFAULT, image.id());
        assertFalse(before.corrupt());
        catalogue.markCorrupt(before.binary().key(), NOW);

        try (InputStream in = service.open(before, 0, 3).asStream()) {
            assertArrayEquals("012".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "decided by its lookup");
        }
        DownloadableBinary after = service.describe(ProjectId.DEFAULT, image.id());
        assertTrue(after.corrupt());
        assertThrows(org.firmament.application.port.out.ServiceUnavailableException.class,
                () -> service.open(after, 0, 3));
        assertThrows(org.firmament.application.port.out.ServiceUnavailableException.class, after::requireServable);
    }

    @Test
    void aFreshUploadOfTheSameBytesReplacesACorruptCopy() throws Exception {
        service.attach(upload(image.id(), "0123456789"), Actor.ADMIN);
        DownloadableBinary damaged = service.describe(ProjectId.DEFAULT, image.id());
        catalogue.markCorrupt(damaged.binary().key(), NOW);

        service.attach(upload(image.id(), "0123456789"), Actor.ADMIN);
        DownloadableBinary fresh = service.describe(ProjectId.DEFAULT, image.id());
        assertFalse(fresh.binary().key().equals(damaged.binary().key()));
        assertFalse(store.blobs.containsKey(damaged.binary().key()), "the corrupt copy is released");
        try (InputStream in = service.open(fresh, 0, fresh.binary().size()).asStream()) {
            assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
    }
}
