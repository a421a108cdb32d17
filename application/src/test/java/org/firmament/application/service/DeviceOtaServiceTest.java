package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.firmament.application.port.in.DeployDeviceFirmwareCommand;
import org.firmament.application.port.in.DeployDeviceFirmwareUseCase.Outcome;
import org.firmament.application.port.in.DeviceOtaPageQuery;
import org.firmament.application.port.in.QueryDeviceOtaUseCase;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceOtaServiceTest {

    private static final DeviceId DEVICE = DeviceId.of("5e1b57808711f904f5df4bad");
    private static final String TOKEN = "t".repeat(IdGenerator.SECRET_LENGTH);
    private static final FirmwareTypeName TYPE = FirmwareTypeName.of("ota/" + DEVICE);

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final OtaFakes.Updates updates = new OtaFakes.Updates();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Store store = new Fakes.Store();
    /** Reads no counters (no bound), so every transaction counted is a lookup of a poll's answer. */
    private final DeviceStates states = new DeviceStates(() -> now, Duration.ofMinutes(1), Duration.ZERO,
            transactions, new Fakes.StateEpochs());
    private final DeviceOtaService service = new DeviceOtaService(transactions, new DeviceChangesSeen(devices, states),
            updates, types, images, store,
            new BinaryReleaser(transactions, images, new Fakes.Catalogue(), store, this::tick), new Fakes.Audit(transactions), IdGenerator.secureRandom(), this::tick,
            states, 64);

    private Instant tick() {
        now = now.plus(Duration.ofSeconds(1));
        return now;
    }

    @BeforeEach
    void aRegisteredDevice() {
        devices.add(Device.register(DEVICE, ProjectId.DEFAULT, DeviceClass.of("esp32"), null, SecretHash.of(TOKEN),
                now));
    }

    private Artifact.StoredBinary stage(String content) {
        return service.stage("firmware.bin", new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII)));
    }

    private DeployDeviceFirmwareCommand command(String version, Artifact.StoredBinary binary) {
        return command(DEVICE, TOKEN, version, binary);
    }

    private static DeployDeviceFirmwareCommand command(DeviceId device, String token, String version,
                                                       Artifact.StoredBinary binary) {
        return new DeployDeviceFirmwareCommand(ProjectId.DEFAULT, device, token, FirmwareVersion.of(version), binary);
    }

    private Outcome deploy(String version, String content) {
        return service.deploy(command(version, stage(content)), Actor.ADMIN);
    }

    private FirmwareImage imageOf(String version) {
        return images.findByTypeAndVersion(ProjectId.DEFAULT, TYPE, FirmwareVersion.of(version)).orElseThrow();
    }

    private byte[] bytesOf(Artifact.StoredBinary binary) throws Exception {
        try (InputStream in = store.open(binary.key())) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFirstDeployCreatesTheDevicesSemanticTypeAnImageHoldingTheBinaryAndAnAssignedUpdate() throws Exception {
        assertEquals(Outcome.DEPLOYED, deploy("1.2.7", "firmware-1"));

        FirmwareType type = types.find(ProjectId.DEFAULT, TYPE).orElseThrow();
        assertEquals(VersionScheme.SEMANTIC, type.scheme());
        FirmwareImage image = imageOf("1.2.7");
        Artifact.StoredBinary binary = image.storedBinary().orElseThrow();
        assertEquals("firmware.bin", binary.filename());
        DeviceUpdate update = updates.latestFor(ProjectId.DEFAULT, DEVICE).orElseThrow();
        assertEquals(UpdateState.ASSIGNED, update.state());
        assertEquals(image.id(), update.imageId());
        assertEquals(FirmwareVersion.of("1.2.7"), update.version());
        assertArrayEquals("firmware-1".getBytes(StandardCharsets.US_ASCII), bytesOf(service.latestBinary(device()).binary()));
    }

    @Test
    void identicalFirmwareDeployedAsTwoVersionsIsStoredOnceAndKeptWhileEitherUsesIt() throws Exception {
        deploy("1.0.0", "same firmware");
        deploy("1.0.1", "same firmware");

        assertEquals(1, store.blobs.size());
        assertEquals(imageOf("1.0.0").storedBinary().orElseThrow().key(),
                imageOf("1.0.1").storedBinary().orElseThrow().key());
        assertArrayEquals("same firmware".getBytes(StandardCharsets.US_ASCII),
                bytesOf(service.latestBinary(device()).binary()));
    }

    @Test
    void theSameVersionAsThePreviousUpdateTriggersNothingAndKeepsNothingOfTheUpload() {
        deploy("1.2.7", "firmware-1");
        Artifact.StoredBinary second = stage("firmware-again");

        assertEquals(Outcome.UNCHANGED, service.deploy(command("1.2.7", second), Actor.ADMIN));

        assertEquals(1, updates.all.size());
        assertEquals(1, images.byId.size());
        assertTrue(store.deleted.contains(second.key()));
        assertEquals(1, store.blobs.size());
    }

    @Test
    void aDifferentVersionAssignsANewUpdateAndSupersedesThePreviousOne() {
        deploy("1.2.7", "firmware-1");
        assertEquals(Outcome.DEPLOYED, deploy("1.2.8", "firmware-2"));

        List<DeviceUpdate> history = updates.history(ProjectId.DEFAULT, DEVICE);
        assertEquals(2, history.size());
        assertEquals(FirmwareVersion.of("1.2.8"), history.get(0).version());
        assertEquals(UpdateState.ASSIGNED, history.get(0).state());
        assertEquals(UpdateState.SUPERSEDED, history.get(1).state());
        assertEquals(FirmwareVersion.of("1.2.8"), service.latestVersion(DEVICE));
    }

    @Test
    void aRollbackToAnEarlierVersionReusesItsImageWithTheNewBinaryAndReleasesTheOldOne() throws Exception {
        deploy("1.0.0", "old-1.0.0");
        Artifact.StoredBinary first = imageOf("1.0.0").storedBinary().orElseThrow();
        deploy("2.0.0", "firmware-2");

        assertEquals(Outcome.DEPLOYED, deploy("1.0.0", "rebuilt-1.0.0"));

        assertEquals(2, images.byId.size());
        Artifact.StoredBinary current = imageOf("1.0.0").storedBinary().orElseThrow();
        assertArrayEquals("rebuilt-1.0.0".getBytes(StandardCharsets.US_ASCII), bytesOf(current));
        assertTrue(store.deleted.contains(first.key()), "the replaced binary is released");
        assertEquals(FirmwareVersion.of("1.0.0"), service.latestVersion(DEVICE));
        assertEquals(3, updates.all.size());
    }

    @Test
    void anUnknownDeviceIsNotFoundAndTheUploadIsDiscarded() {
        Artifact.StoredBinary staged = stage("x");
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> service.deploy(command(DeviceId.of("other"), TOKEN, "1.0.0", staged), Actor.ADMIN));
        assertEquals(NotFoundException.Subject.DEVICE, missing.subject());
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void aDeviceOfAnotherProjectIsNotFoundInTheCallersProject() {
        devices.add(Device.register(DeviceId.of("foreign"), ProjectId.of(2), DeviceClass.of("esp32"), null,
                SecretHash.of(TOKEN), now));
        Artifact.StoredBinary staged = stage("x");
        assertThrows(NotFoundException.class,
                () -> service.deploy(command(DeviceId.of("foreign"), TOKEN, "1.0.0", staged), Actor.ADMIN));
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void aWrongTokenIsRefusedAndTheUploadIsDiscarded() {
        Artifact.StoredBinary staged = stage("x");
        InvalidValueException refused = assertThrows(InvalidValueException.class,
                () -> service.deploy(command(DEVICE, "w".repeat(IdGenerator.SECRET_LENGTH), "1.0.0", staged), Actor.ADMIN));
        assertEquals("token", refused.field());
        assertTrue(store.blobs.isEmpty());
        assertTrue(updates.all.isEmpty());
    }

    @Test
    void aVersionThatIsNotSemanticIsRefusedAndTheUploadIsDiscarded() {
        Artifact.StoredBinary staged = stage("x");
        InvalidValueException refused = assertThrows(InvalidValueException.class,
                () -> service.deploy(command("1.2", staged), Actor.ADMIN));
        assertEquals("version", refused.field());
        assertTrue(store.blobs.isEmpty());
        assertTrue(types.byKey.isEmpty());
    }

    @Test
    void whenTheRowsCannotBeWrittenTheUploadIsDiscarded() {
        updates.failNextAdd = new ServiceUnavailableException("database down", null);
        Artifact.StoredBinary staged = stage("x");
        assertThrows(ServiceUnavailableException.class, () -> service.deploy(command("1.0.0", staged), Actor.ADMIN));
        assertTrue(store.deleted.contains(staged.key()));
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void anEmptyUploadCannotBeDeployed() {
        Artifact.StoredBinary staged = stage("");
        InvalidValueException refused = assertThrows(InvalidValueException.class, () -> command("1.0.0", staged));
        assertEquals("No file uploaded", refused.getMessage());
        service.discard(staged);
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void anUploadOverTheLimitKeepsNothing() {
        assertThrows(BinaryTooLargeException.class, () -> stage("x".repeat(65)));
        assertTrue(store.blobs.isEmpty());
    }

    @Test
    void theLatestVersionOfAnUnknownDeviceOrOfOneWithoutUpdatesIsNotFound() {
        assertThrows(NotFoundException.class, () -> service.latestVersion(DeviceId.of("nobody")));
        assertThrows(NotFoundException.class, () -> service.latestVersion(DEVICE));
        assertThrows(NotFoundException.class, () -> service.latestBinary(device()));
    }

    @Test
    void aDevicesRepeatPollsReadNothing_andADeployIsAnsweredFromTheNextPollOn() {
        deploy("1.0.0", "firmware-1");
        assertEquals(FirmwareVersion.of("1.0.0"), service.latestVersion(DEVICE));
        int read = transactions.count.get();

        assertEquals(FirmwareVersion.of("1.0.0"), service.latestVersion(DEVICE));
        assertEquals(read, transactions.count.get(), "answered from memory");

        deploy("1.0.1", "firmware-2");
        assertEquals(FirmwareVersion.of("1.0.1"), service.latestVersion(DEVICE));
    }

    @Test
    void aDeviceWithoutUpdatesIsRememberedAsSuch_untilOneIsDeployed() {
        assertThrows(NotFoundException.class, () -> service.latestVersion(DEVICE));
        int read = transactions.count.get();
        assertThrows(NotFoundException.class, () -> service.latestVersion(DEVICE));
        assertEquals(read, transactions.count.get(), "answered from memory");

        deploy("2.0.0", "firmware");
        assertEquals(FirmwareVersion.of("2.0.0"), service.latestVersion(DEVICE));
    }

    @Test
    void anUnknownDeviceIsLookedUpAtEachPoll_soIdsPolledAtRandomAreNotRemembered() {
        DeviceId unknown = DeviceId.of("nobody");
        assertThrows(NotFoundException.class, () -> service.latestVersion(unknown));
        int read = transactions.count.get();
        assertThrows(NotFoundException.class, () -> service.latestVersion(unknown));
        assertEquals(read + 1, transactions.count.get());
    }

    @Test
    void anUnchangedDeployKeepsThePollsAnswer_aDeletedDeviceIsForgotten() {
        deploy("1.0.0", "firmware-1");
        assertEquals(FirmwareVersion.of("1.0.0"), service.latestVersion(DEVICE));
        assertEquals(Outcome.UNCHANGED, deploy("1.0.0", "firmware-1"));
        int read = transactions.count.get();
        assertEquals(FirmwareVersion.of("1.0.0"), service.latestVersion(DEVICE));
        assertEquals(read, transactions.count.get(), "nothing changed, nothing forgotten");

        new DeviceChangesSeen(devices, states).remove(device());
        assertThrows(NotFoundException.class, () -> service.latestVersion(DEVICE));
    }

    @Test
    void theListShowsEachDevicesLatestUpdateWithTheFileNameOfItsBinary() {
        devices.add(Device.register(DeviceId.of("second"), ProjectId.DEFAULT, DeviceClass.of("esp32"), null,
                SecretHash.of("s".repeat(IdGenerator.SECRET_LENGTH)), now));
        deploy("1.0.0", "a");
        deploy("1.1.0", "b");
        service.deploy(command(DeviceId.of("second"), "s".repeat(IdGenerator.SECRET_LENGTH), "3.0.0", stage("c")), Actor.ADMIN);

        QueryDeviceOtaUseCase.OtaPage page = service.latestPerDevice(
                new DeviceOtaPageQuery(ProjectId.DEFAULT, "", true, 0, 10));
        assertEquals(2, page.total());
        assertEquals(2, page.filtered());
        assertEquals(List.of("second", DEVICE.value()),
                page.records().stream().map(r -> r.update().deviceId().value()).toList());
        assertEquals(Optional.of("firmware.bin"), page.records().get(0).filename());
        assertEquals(FirmwareVersion.of("1.1.0"), page.records().get(1).update().version());

        QueryDeviceOtaUseCase.OtaPage searched = service.latestPerDevice(
                new DeviceOtaPageQuery(ProjectId.DEFAULT, "1.1", false, 0, 1));
        assertEquals(2, searched.total());
        assertEquals(1, searched.filtered());
    }

    @Test
    void aPageQueryValidatesItsBounds() {
        assertThrows(InvalidValueException.class, () -> new DeviceOtaPageQuery(ProjectId.DEFAULT, "", true, -1, 10));
        assertThrows(InvalidValueException.class, () -> new DeviceOtaPageQuery(ProjectId.DEFAULT, "", true, 0, 0));
        assertThrows(InvalidValueException.class, () -> new DeviceOtaPageQuery(ProjectId.DEFAULT, "", true, 0, 101));
    }

    private Device device() {
        return devices.find(DEVICE).orElseThrow();
    }
}
