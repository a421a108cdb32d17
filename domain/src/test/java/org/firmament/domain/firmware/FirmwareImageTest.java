package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class FirmwareImageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final FirmwareType semantic = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("ExampleFW"),
            VersionScheme.SEMANTIC, NOW);

    private FirmwareImage newImage() {
        return FirmwareImage.create(ImageId.of(UUID.randomUUID()), semantic, FirmwareVersion.of("1.0.0-rc1"), NOW);
    }

    private static Artifact.StoredBinary binary(String key) {
        return new Artifact.StoredBinary(BinaryKey.of(key), "image.hex", 10,
                Digest.sha1("87acec17cd9dcd20a716cc2cf67417b71c8a7016"),
                Digest.sha256("84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882"));
    }

    @Test
    void aNewImageHasNoArtifactAndIsNotConfirmed() {
        FirmwareImage image = newImage();
        assertFalse(image.confirmed());
        assertEquals(Optional.empty(), image.artifact());
    }

    @Test
    void anImageIsConfirmedOnceAStoredBinaryIsAttached() {
        FirmwareImage image = newImage();
        assertEquals(Optional.empty(), image.attachBinary(binary("a")));
        assertTrue(image.confirmed());
    }

    @Test
    void attachingReturnsTheReplacedBinarySoItsBytesCanBeReleased() {
        FirmwareImage image = newImage();
        image.attachBinary(binary("a"));
        assertEquals(Optional.of(binary("a")), image.attachBinary(binary("b")));
    }

    @Test
    void anImagePointingAtAnExternalUrlIsNotConfirmed() {
        FirmwareImage image = newImage();
        image.pointTo(new Artifact.ExternalUrl("https://example.com/fw.bin"));
        assertFalse(image.confirmed());
    }

    @Test
    void detachingRemovesTheBinaryAndUnconfirms() {
        FirmwareImage image = newImage();
        image.attachBinary(binary("a"));
        assertEquals(binary("a"), image.detachBinary());
        assertFalse(image.confirmed());
    }

    @Test
    void detachingWhenThereIsNoBinaryIsNotFoundWithSubjectBinary() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> newImage().detachBinary());
        assertEquals(NotFoundException.Subject.BINARY, missing.subject());
    }

    @Test
    void theVersionMustBeWrittenInTheTypesScheme() {
        assertThrows(InvalidValueException.class, () -> FirmwareImage.create(ImageId.of(UUID.randomUUID()),
                semantic, FirmwareVersion.of("not-semver"), NOW));
    }

    @Test
    void reclassifyingChecksTheNewVersionAgainstTheNewType() {
        FirmwareImage image = newImage();
        FirmwareType numeric = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("OKM"),
                VersionScheme.NUMERIC, NOW);
        assertThrows(InvalidValueException.class, () -> image.reclassify(numeric, FirmwareVersion.of("1.0.0")));
        image.reclassify(numeric, FirmwareVersion.of("0042"));
        assertEquals("OKM", image.typeName().value());
        assertEquals("0042", image.version().value());
    }
}
