package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.application.port.in.ChangeProjectCommand;
import org.firmament.application.port.in.CreateProjectCommand;
import org.firmament.application.port.in.ManageProjectsUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.audit.AuditEntry;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Actor OPERATOR = Actor.apiKey("key-7");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Images images = new Fakes.Images();
    private final Fakes.Bundles bundles = new Fakes.Bundles();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final ProjectService service = new ProjectService(transactions, projects, images, bundles, devices,
            new Fakes.ApiKeys(), CredentialCache.disabled(() -> NOW), audit, () -> NOW);

    @BeforeEach
    void defaultProjectExists() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
    }

    private Project created(String name) {
        return service.create(new CreateProjectCommand(name, Optional.empty(), Optional.empty()), OPERATOR);
    }

    private AuditEntry lastEntry() {
        return audit.recorded.get(audit.recorded.size() - 1);
    }

    @Nested
    class ProjectsGetServerAssignedIds {

        @Test
        void aNewProjectTakesTheNextIdAndIsPrivateOnTheStableChannelUnlessToldOtherwise() {
            Project plain = created("Fleet");
            Project configured = service.create(new CreateProjectCommand("Beta fleet", Optional.of(true),
                    Optional.of(Channel.of("beta"))), OPERATOR);

            assertEquals(ProjectId.of(2), plain.id());
            assertFalse(plain.publicOta());
            assertEquals(Channel.STABLE, plain.defaultChannel());
            assertEquals(NOW, plain.createdAt());
            assertEquals(ProjectId.of(3), configured.id());
            assertTrue(configured.publicOta());
            assertEquals(Channel.of("beta"), configured.defaultChannel());
            assertEquals(configured.name(), service.get(ProjectId.of(3)).name());
        }

        @Test
        void aNameIsRequiredAndBounded() {
            assertThrows(InvalidValueException.class,
                    () -> new CreateProjectCommand(" ", Optional.empty(), Optional.empty()));
            assertThrows(InvalidValueException.class, () -> new CreateProjectCommand("x".repeat(Project.MAX_NAME_LENGTH + 1),
                    Optional.empty(), Optional.empty()));
            assertEquals(Project.MAX_NAME_LENGTH, created("x".repeat(Project.MAX_NAME_LENGTH)).name().length());
        }
    }

    @Nested
    class ProjectsAreListedByIdInPages {

        @Test
        void aPageHoldsAtMostLimitProjectsAfterOffset_andTheTotalCountsThemAll() {
            created("a");
            created("b");
            created("c");

            ManageProjectsUseCase.ProjectPage page = service.list(new PageRequest(1, 2));

            assertEquals(List.of(ProjectId.of(2), ProjectId.of(3)), page.projects().stream().map(Project::id).toList());
            assertEquals(4, page.total());
        }

        @Test
        void pagesAreBounded() {
            assertThrows(InvalidValueException.class, () -> new PageRequest(-1, 10));
            assertThrows(InvalidValueException.class, () -> new PageRequest(0, 0));
            assertThrows(InvalidValueException.class, () -> new PageRequest(0, PageRequest.MAX_LIMIT + 1));
        }
    }

    @Nested
    class DefaultProjectCannotBeDeleted {

        @Test
        void deletingProjectOneIsRefusedAndChangesNothing() {
            InUseException refused = assertThrows(InUseException.class,
                    () -> service.delete(ProjectId.DEFAULT, OPERATOR));

            assertTrue(refused.getMessage().contains("default project"), refused.getMessage());
            assertTrue(projects.find(ProjectId.DEFAULT).isPresent());
            assertTrue(audit.recorded.isEmpty());
        }
    }

    @Nested
    class OnlyEmptyProjectsAreDeleted {

        private Project project;

        @BeforeEach
        void aSecondProjectExists() {
            project = created("Second");
            audit.recorded.clear();
        }

        @Test
        void anEmptyProjectIsDeletedAndTheDeletionAudited() {
            service.delete(project.id(), OPERATOR);

            assertTrue(projects.find(project.id()).isEmpty());
            assertThrows(NotFoundException.class, () -> service.get(project.id()));
            AuditEntry deleted = lastEntry();
            assertEquals(new AuditEntry(project.id(), NOW, OPERATOR, AuditEntry.Action.DELETED,
                    AuditEntry.Subject.PROJECT, "2", "Deleted project \"Second\""), deleted);
        }

        @Test
        void aProjectWithImagesIsRefusedNamingThem() {
            FirmwareType type = FirmwareType.create(project.id(), FirmwareTypeName.of("OKM"), VersionScheme.NUMERIC, NOW);
            FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of("1"), NOW);
            images.byId.put(image.id(), image);

            InUseException refused = assertThrows(InUseException.class, () -> service.delete(project.id(), OPERATOR));

            assertTrue(refused.getMessage().contains("1 firmware image"), refused.getMessage());
            assertTrue(projects.find(project.id()).isPresent());
            assertTrue(audit.recorded.isEmpty());
        }

        @Test
        void aProjectWithBundlesOrDevicesIsRefusedNamingThem() {
            bundles.add(Bundle.create(BundleId.of("b-1"), project.id(), "bundle", "", DeviceClass.of("light"),
                    Channel.STABLE, List.of(), NOW));
            devices.add(Device.register(DeviceId.of("d-1"), project.id(), DeviceClass.of("light"), null,
                    SecretHash.of("key"), NOW));
            devices.add(Device.register(DeviceId.of("d-2"), project.id(), DeviceClass.of("light"), null,
                    SecretHash.of("other key"), NOW));

            InUseException refused = assertThrows(InUseException.class, () -> service.delete(project.id(), OPERATOR));

            assertTrue(refused.getMessage().contains("1 bundle and 2 devices"), refused.getMessage());
        }

        @Test
        void whatOtherProjectsHoldDoesNotCount() {
            devices.add(Device.register(DeviceId.of("d-1"), ProjectId.DEFAULT, DeviceClass.of("light"), null,
                    SecretHash.of("key"), NOW));

            service.delete(project.id(), OPERATOR);

            assertTrue(projects.find(project.id()).isEmpty());
        }

        @Test
        void anUnknownProjectIsNotFound() {
            NotFoundException missing = assertThrows(NotFoundException.class,
                    () -> service.delete(ProjectId.of(99), OPERATOR));
            assertEquals(NotFoundException.Subject.PROJECT, missing.subject());
        }
    }

    @Nested
    class EveryChangeIsAuditedInItsTransaction {

        @Test
        void creatingAProjectRecordsWhoCreatedItWhenAndWithWhichSettings() {
            int before = transactions.count.get();
            Project project = service.create(new CreateProjectCommand("Fleet", Optional.of(true),
                    Optional.of(Channel.of("beta"))), OPERATOR);

            assertEquals(before + 1, transactions.count.get(), "one use case, one transaction");
            assertEquals(List.of(new AuditEntry(project.id(), NOW, OPERATOR, AuditEntry.Action.CREATED,
                    AuditEntry.Subject.PROJECT, project.id().toString(),
                    "Created project \"Fleet\" (publicOta true, defaultChannel beta)")), audit.recorded);
        }

        @Test
        void changingAProjectRecordsEachChangedFieldWithItsOldAndNewValue() {
            service.change(new ChangeProjectCommand(ProjectId.DEFAULT, Optional.of("Fleet"), Optional.of(true),
                    Optional.of(Channel.of("beta"))), Actor.ADMIN);

            AuditEntry changed = lastEntry();
            assertEquals(AuditEntry.Action.CHANGED, changed.action());
            assertEquals(Actor.ADMIN, changed.actor());
            assertEquals("1", changed.subjectId());
            assertEquals("Changed name \"Default project\" -> \"Fleet\", publicOta false -> true,"
                    + " defaultChannel stable -> beta", changed.summary());
            assertEquals("Fleet", service.get(ProjectId.DEFAULT).name());
        }

        @Test
        void aChangeToTheSameValuesRecordsNothing() {
            service.change(new ChangeProjectCommand(ProjectId.DEFAULT, Optional.of("Default project"),
                    Optional.of(false), Optional.of(Channel.STABLE)), Actor.ADMIN);
            service.change(new ChangeProjectCommand(ProjectId.DEFAULT, Optional.empty(), Optional.empty(),
                    Optional.empty()), Actor.ADMIN);

            assertTrue(audit.recorded.isEmpty());
        }

        @Test
        void anUnknownProjectCannotBeChangedAndNothingIsRecorded() {
            assertThrows(NotFoundException.class, () -> service.change(new ChangeProjectCommand(ProjectId.of(42),
                    Optional.of("x"), Optional.empty(), Optional.empty()), Actor.ADMIN));
            assertTrue(audit.recorded.isEmpty());
        }
    }
}
