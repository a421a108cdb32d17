package org.firmament.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.firmament.adapters.persistence.Persistence;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.storage.FileSystemBinaryStore;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.RegisterImageCommand;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.service.BinaryIntegrityService;
import org.firmament.application.service.BinaryReleaser;
import org.firmament.application.service.BinaryService;
import org.firmament.application.service.ImageService;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/embedding.md, run as written: domain and use cases with the adapters of the
 * embedder's choice, no HTTP server and nothing from the bootstrap module.
 */
class EmbeddingExampleTest {

    @TempDir
    Path dir;

    @Test
    void aBackendServiceRegistersAnImageStoresItsBinaryAndReadsItBack() throws Exception {
        try (Persistence persistence = Persistence.start(
                new PersistenceConfig("jdbc:h2:mem:embedding;DB_CLOSE_DELAY=-1", "sa", "", 4))) {
            Actor operator = Actor.user("firmware-pipeline"); // who your service says made the change: audited
            FileSystemBinaryStore store = new FileSystemBinaryStore(dir.resolve("binaries"));
            BinaryReleaser releaser = new BinaryReleaser(persistence.transactions(), persistence.firmwareImages(),
                    persistence.storedBinaries(), store, Clock.system());
            BinaryIntegrityService integrity = new BinaryIntegrityService(persistence.transactions(),
                    persistence.storedBinaries(), persistence.firmwareImages(), store, Clock.system());
            ImageService images = new ImageService(persistence.transactions(), persistence.projects(),
                    persistence.firmwareTypes(), persistence.firmwareImages(), persistence.bundles(), releaser,
                    persistence.auditLog(), IdGenerator.secureRandom(), Clock.system());
            BinaryService binaries = new BinaryService(persistence.transactions(), persistence.firmwareImages(), persistence.bundles(),
                    store, releaser, integrity, persistence.auditLog(), Clock.system(), 64L * 1024 * 1024);

            FirmwareImage image = images.register(new RegisterImageCommand(ProjectId.DEFAULT,
                    FirmwareTypeName.of("sensor-fw"), FirmwareVersion.of("2.1.0"), VersionScheme.SEMANTIC), operator);
            binaries.attach(new AttachBinaryCommand(ProjectId.DEFAULT, image.id(), "sensor.bin",
                    new ByteArrayInputStream("firmware bytes".getBytes(StandardCharsets.US_ASCII))), operator);

            assertTrue(images.get(ProjectId.DEFAULT, image.id()).confirmed());
            DownloadableBinary binary = binaries.describe(ProjectId.DEFAULT, image.id());
            try (InputStream in = binaries.open(binary, 0, binary.binary().size()).asStream()) {
                assertArrayEquals("firmware bytes".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertEquals(1, images.list(ProjectId.DEFAULT, Optional.of(FirmwareTypeName.of("sensor-fw"))).size());
            assertEquals(2, persistence.transactions().inTransaction(() -> persistence.auditLog().count(ProjectId.DEFAULT)),
                    "the registration and the upload are in the project's audit log");
        }
    }
}
