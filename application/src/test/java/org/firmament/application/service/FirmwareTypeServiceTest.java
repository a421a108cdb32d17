package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.firmament.application.port.in.CreateFirmwareTypeCommand;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.InUseException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FirmwareTypeServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final FirmwareTypeName OKM = FirmwareTypeName.of("OKM");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Types types = new Fakes.Types();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final FirmwareTypeService service = new FirmwareTypeService(transactions, projects, types, images, audit,
            () -> NOW);

    @BeforeEach
    void defaultProjectExists() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
    }

    private FirmwareType create(String name, VersionScheme scheme) {
        return service.create(new CreateFirmwareTypeCommand(ProjectId.DEFAULT, FirmwareTypeName.of(name), scheme),
                Actor.ADMIN);
    }

    @Nested
    class TypeNamesAreUniquePerProject {

        @Test
        void aNewTypeIsStoredWithItsSchemeAndTheCreationAudited() {
            FirmwareType created = create("OKM", VersionScheme.NUMERIC);

            assertEquals(VersionScheme.NUMERIC, service.get(ProjectId.DEFAULT, OKM).scheme());
            assertEquals(NOW, created.createdAt());
            assertEquals(List.of(new AuditEntry(ProjectId.DEFAULT, NOW, Actor.ADMIN, AuditEntry.Action.CREATED,
                    AuditEntry.Subject.FIRMWARE_TYPE, "OKM", "Created firmware type OKM (numeric versions)")),
                    audit.recorded);
        }

        @Test
        void aTakenNameIsRefusedAndTheExistingTypeKeepsItsScheme() {
            create("OKM", VersionScheme.NUMERIC);

            AlreadyExistsException taken = assertThrows(AlreadyExistsException.class,
                    () -> create("OKM", VersionScheme.SEMANTIC));

            assertEquals("OKM", taken.id());
            assertEquals(VersionScheme.NUMERIC, service.get(ProjectId.DEFAULT, OKM).scheme());
            assertEquals(1, audit.recorded.size());
        }

        @Test
        void losingACreationRaceAnswersAlreadyExists() {
            types.conflictsToRaise = 1;

            assertThrows(AlreadyExistsException.class, () -> create("OKM", VersionScheme.SEMANTIC));
        }

        @Test
        void theSameNameMayExistInAnotherProject() {
            projects.byId.put(ProjectId.of(2), Project.create(ProjectId.of(2), "Other", NOW));
            create("OKM", VersionScheme.NUMERIC);

            service.create(new CreateFirmwareTypeCommand(ProjectId.of(2), OKM, VersionScheme.OPAQUE), Actor.ADMIN);

            assertEquals(VersionScheme.OPAQUE, service.get(ProjectId.of(2), OKM).scheme());
        }

        @Test
        void typesAreListedByProject() {
            create("OKM", VersionScheme.NUMERIC);

            assertEquals(List.of(OKM), service.list(ProjectId.DEFAULT).stream().map(FirmwareType::name).toList());
        }
    }

    @Nested
    class TypesWithImagesCannotBeDeleted {

        @Test
        void aTypeWithoutImagesIsDeletedAndTheDeletionAudited() {
            create("OKM", VersionScheme.NUMERIC);

            service.delete(ProjectId.DEFAULT, OKM, Actor.ADMIN);

            assertTrue(types.find(ProjectId.DEFAULT, OKM).isEmpty());
            assertEquals(new AuditEntry(ProjectId.DEFAULT, NOW, Actor.ADMIN, AuditEntry.Action.DELETED,
                    AuditEntry.Subject.FIRMWARE_TYPE, "OKM", "Deleted firmware type OKM"),
                    audit.recorded.get(audit.recorded.size() - 1));
        }

        @Test
        void aTypeWithAnImageIsRefusedAndStays() {
            FirmwareType okm = create("OKM", VersionScheme.NUMERIC);
            FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), okm, FirmwareVersion.of("7"), NOW);
            images.byId.put(image.id(), image);

            InUseException refused = assertThrows(InUseException.class,
                    () -> service.delete(ProjectId.DEFAULT, OKM, Actor.ADMIN));

            assertTrue(refused.getMessage().contains("1 image"), refused.getMessage());
            assertTrue(types.find(ProjectId.DEFAULT, OKM).isPresent());
            assertEquals(1, audit.recorded.size(), "only the creation");
        }

        @Test
        void aTypeDeletedTwiceIsNotFoundTheSecondTime() {
            create("OKM", VersionScheme.NUMERIC);
            service.delete(ProjectId.DEFAULT, OKM, Actor.ADMIN);

            assertThrows(NotFoundException.class, () -> service.delete(ProjectId.DEFAULT, OKM, Actor.ADMIN));
            assertEquals(2, audit.recorded.size(), "the creation and the one deletion");
        }
    }

    @Nested
    class UnknownProjectsAndTypesAreNotFound {

        @Test
        void anUnknownProjectIsNamedAsSuch() {
            ProjectId unknown = ProjectId.of(9);
            for (Runnable call : List.<Runnable>of(
                    () -> service.list(unknown),
                    () -> service.get(unknown, OKM),
                    () -> service.create(new CreateFirmwareTypeCommand(unknown, OKM, VersionScheme.SEMANTIC), Actor.ADMIN),
                    () -> service.delete(unknown, OKM, Actor.ADMIN))) {
                assertEquals(NotFoundException.Subject.PROJECT, assertThrows(NotFoundException.class, call::run).subject());
            }
            assertTrue(audit.recorded.isEmpty());
        }

        @Test
        void anUnknownTypeIsNamedAsSuch() {
            assertEquals(NotFoundException.Subject.FIRMWARE_TYPE,
                    assertThrows(NotFoundException.class, () -> service.get(ProjectId.DEFAULT, OKM)).subject());
            assertEquals(NotFoundException.Subject.FIRMWARE_TYPE, assertThrows(NotFoundException.class,
                    () -> service.delete(ProjectId.DEFAULT, OKM, Actor.ADMIN)).subject());
        }
    }
}
