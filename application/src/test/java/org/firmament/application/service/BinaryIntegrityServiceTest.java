package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.BinaryIntegrityUseCase;
import org.firmament.application.port.out.StoredContent;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class BinaryIntegrityServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Catalogue catalogue = new Fakes.Catalogue();
    private final BinaryIntegrityService integrity = new BinaryIntegrityService(transactions, catalogue, images, store,
            () -> NOW);
    private final BinaryService binaries = new BinaryService(transactions, images, new Fakes.NoBundles(), store,
            new BinaryReleaser(transactions, images, catalogue, store, () -> NOW), integrity,
            new Fakes.Audit(transactions), () -> NOW, 1024);

    private Artifact.StoredBinary uploaded(String version, String content) {
        FirmwareType type = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("fw"), VersionScheme.SEMANTIC, NOW);
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version), NOW);
        images.byId.put(image.id(), image);
        binaries.attach(new AttachBinaryCommand(ProjectId.DEFAULT, image.id(), "fw.bin",
                new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII))), Actor.ADMIN);
        return binaries.describe(ProjectId.DEFAULT, image.id()).binary();
    }

    @Test
    void verificationMarksTheBinariesWhoseBytesChangedOrWentMissingAndOnlyThose() {
        Artifact.StoredBinary good = uploaded("1.0.0", "good bytes");
        Artifact.StoredBinary flipped = uploaded("1.0.1", "flipped bytes");
        Artifact.StoredBinary missing = uploaded("1.0.2", "missing bytes");
        store.blobs.get(flipped.key())[0] ^= 1;
        store.blobs.remove(missing.key());

        BinaryIntegrityUseCase.VerificationReport report = integrity.verifyAll(Actor.ADMIN);

        assertEquals(3, report.checked());
        assertEquals(List.of(flipped.key(), missing.key()).stream().sorted(java.util.Comparator.comparing(
                k -> k.value())).toList(), report.corrupt());
        assertTrue(catalogue.entries.get(good.key()).verifiedAt().isPresent());
        assertEquals(2, integrity.corruptBinaries().size());
        assertEquals(1, integrity.corruptBinaries().get(0).images().size());
        assertEquals(2, integrity.corruptFindings());
    }

    @Test
    void theSweepRemovesStoredBinariesNoEntryRefersTo() {
        Artifact.StoredBinary kept = uploaded("1.0.0", "kept");
        StoredContent orphan = store.store(new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);

        BinaryIntegrityService.SweepReport report = integrity.sweepOrphans(Duration.ofHours(1));

        assertEquals(1, report.orphans());
        assertTrue(store.blobs.containsKey(kept.key()));
        assertTrue(store.deleted.contains(orphan.key()));
        assertEquals(1, integrity.orphansRemoved());
    }
}
