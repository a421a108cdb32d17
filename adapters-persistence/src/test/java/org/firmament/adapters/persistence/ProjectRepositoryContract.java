package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.ProjectRepository}, run against each database. */
abstract class ProjectRepositoryContract extends PersistenceContractSupport {

    /** Past the ids the tests insert by hand, so drawn ids never collide with them. */
    @BeforeAll
    void drawIdsFromAThousand() {
        sql("ALTER SEQUENCE project_id_seq RESTART WITH 1000");
    }

    private Project newProject(String name) {
        return inTransaction(() -> {
            Project project = Project.create(persistence.projects().nextId(), name, T0);
            persistence.projects().add(project);
            return project;
        });
    }

    private Project reload(Project project) {
        return inTransaction(() -> persistence.projects().find(project.id())).orElseThrow();
    }

    @Test
    void theDefaultProjectExistsRightAfterMigration_privateOnTheStableChannel() {
        Project project = inTransaction(() -> persistence.projects().find(ProjectId.DEFAULT)).orElseThrow();

        assertEquals(ProjectId.DEFAULT, project.id());
        assertEquals("Default project", project.name());
        assertFalse(project.publicOta());
        assertEquals(Channel.STABLE, project.defaultChannel());
        assertNotNull(project.createdAt());
        assertEquals(0, project.revision());
    }

    @Test
    void aStoredProjectReadsBackWithEveryField_instantToTheMicrosecond() {
        Instant createdAt = Instant.parse("1999-12-31T23:59:59.999999Z");
        insertProject(7, "Fleet Nørd", true, "beta-2", createdAt, 3);

        Project project = inTransaction(() -> persistence.projects().find(ProjectId.of(7))).orElseThrow();

        assertEquals(ProjectId.of(7), project.id());
        assertEquals("Fleet Nørd", project.name());
        assertTrue(project.publicOta());
        assertEquals(Channel.of("beta-2"), project.defaultChannel());
        assertEquals(createdAt, project.createdAt());
        assertEquals(3, project.revision());
    }

    @Test
    void anUnknownProjectIsNotFound() {
        assertTrue(inTransaction(() -> persistence.projects().find(ProjectId.of(999))).isEmpty());
    }

    @Test
    void findingAProjectOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class, () -> persistence.projects().find(ProjectId.DEFAULT));
    }

    @Test
    void anUpdatedProjectReadsBackChangedAndItsRevisionMoves() {
        insertProject(8, "Fleet", false, "stable", T0, 0);
        Project project = inTransaction(() -> persistence.projects().find(ProjectId.of(8))).orElseThrow();
        project.rename("Fleet renamed");
        project.allowPublicOta(true);
        project.changeDefaultChannel(Channel.of("beta"));

        inTransaction(() -> persistence.projects().update(project));

        Project stored = inTransaction(() -> persistence.projects().find(ProjectId.of(8))).orElseThrow();
        assertEquals("Fleet renamed", stored.name());
        assertTrue(stored.publicOta());
        assertEquals(Channel.of("beta"), stored.defaultChannel());
        assertEquals(1, stored.revision());
    }

    @Test
    void updatingAStaleCopyOfAProject_throwsConcurrentModification() {
        insertProject(9, "Fleet", false, "stable", T0, 0);
        Project first = inTransaction(() -> persistence.projects().find(ProjectId.of(9))).orElseThrow();
        Project second = inTransaction(() -> persistence.projects().find(ProjectId.of(9))).orElseThrow();
        first.allowPublicOta(true);
        inTransaction(() -> persistence.projects().update(first));
        second.rename("late");

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().update(second)));
        assertEquals("Fleet", inTransaction(() -> persistence.projects().find(ProjectId.of(9))).orElseThrow().name());
    }

    @Test
    void aLockedProjectIsHeldUntilItsTransactionEnds_andALockWaitingForItsDeletionFindsNone() throws Exception {
        insertProject(11, "Fleet", false, "stable", T0, 0);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> deletion = threads.submit(() -> inTransaction(() -> {
                Project project = persistence.projects().lock(ProjectId.of(11)).orElseThrow();
                locked.countDown();
                await(goOn);
                persistence.projects().remove(project);
            }));
            await(locked);
            Future<Optional<Project>> second = threads.submit(() ->
                    inTransaction(() -> persistence.projects().lock(ProjectId.of(11))));

            assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS),
                    "waits while the first transaction holds the project");
            goOn.countDown();
            deletion.get(30, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), second.get(30, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void lockingAnUnknownProject_findsNone() {
        assertTrue(inTransaction(() -> persistence.projects().lock(ProjectId.of(998))).isEmpty());
    }

    // ---- ids, adding and listing ----

    @Test
    void onAFreshDatabase_theFirstDrawnIdIsTwo_andIdsCountUpEvenWhenATransactionRollsBack() {
        PersistenceConfig fresh = testDatabase().createDatabase();
        try (Persistence started = Persistence.start(fresh)) {
            assertEquals(ProjectId.of(2), started.transactions().inTransaction(() -> started.projects().nextId()));
            assertThrows(IllegalStateException.class, () -> started.transactions().inTransaction(() -> {
                started.projects().nextId();
                throw new IllegalStateException("rolled back");
            }));
            assertEquals(ProjectId.of(4), started.transactions().inTransaction(() -> started.projects().nextId()));
        } finally {
            testDatabase().dropDatabase(fresh);
        }
    }

    @Test
    void anAddedProjectReadsBackWithEveryField_atRevisionZero() {
        Project project = inTransaction(() -> {
            Project created = Project.create(persistence.projects().nextId(), "Fleet Nørd ✓", T0);
            created.allowPublicOta(true);
            created.changeDefaultChannel(Channel.of("beta-2"));
            persistence.projects().add(created);
            return created;
        });

        Project stored = reload(project);

        assertEquals(project.id(), stored.id());
        assertEquals("Fleet Nørd ✓", stored.name());
        assertTrue(stored.publicOta());
        assertEquals(Channel.of("beta-2"), stored.defaultChannel());
        assertEquals(T0, stored.createdAt());
        assertEquals(0, stored.revision());
    }

    @Test
    void drawnIdsAreNeverHandedOutTwice() {
        Project first = newProject("first");
        Project second = newProject("second");

        assertTrue(second.id().value() > first.id().value());
    }

    @Test
    void addingATakenId_throwsAlreadyExists_andKeepsTheStoredProject() {
        assertThrows(AlreadyExistsException.class, () -> inTransaction(() ->
                persistence.projects().add(Project.create(OTHER_PROJECT, "Impostor", T0))));

        assertEquals("Other project",
                inTransaction(() -> persistence.projects().find(OTHER_PROJECT)).orElseThrow().name());
    }

    @Test
    void theListIsOrderedById_inPages_andTheCountHoldsEveryProject() {
        Project third = newProject("third");
        Project fourth = newProject("fourth");

        List<ProjectId> all = inTransaction(() -> persistence.projects().list(0, 10)).stream().map(Project::id).toList();
        List<ProjectId> page = inTransaction(() -> persistence.projects().list(1, 2)).stream().map(Project::id).toList();

        assertEquals(List.of(PROJECT, OTHER_PROJECT, third.id(), fourth.id()), all);
        assertEquals(List.of(OTHER_PROJECT, third.id()), page);
        assertTrue(inTransaction(() -> persistence.projects().list(4, 10)).isEmpty());
        assertTrue(inTransaction(() -> persistence.projects().list(0, 0)).isEmpty());
        assertEquals(4, inTransaction(() -> persistence.projects().count()));
    }

    // ---- removing ----

    @Test
    void aRemovedProjectIsGone_withItsFirmwareTypes_andNothingOfOtherProjects() {
        Project project = newProject("short-lived");
        existingType(project.id(), "OKM");
        existingType(project.id(), "IR4KEY");
        existingType(OTHER_PROJECT, "OKM");

        inTransaction(() -> persistence.projects().remove(project));

        assertTrue(inTransaction(() -> persistence.projects().find(project.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.firmwareTypes().list(project.id())).isEmpty());
        assertEquals(1, inTransaction(() -> persistence.firmwareTypes().list(OTHER_PROJECT)).size());
        assertTrue(inTransaction(() -> persistence.projects().find(OTHER_PROJECT)).isPresent());
    }

    @Test
    void removingAProjectThatHoldsAnImage_throwsConcurrentModification_andKeepsEverything() {
        Project project = newProject("with image");
        existingImage(existingType(project.id(), "OKM"), "1.0.0", T0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().remove(project)));

        assertTrue(inTransaction(() -> persistence.projects().find(project.id())).isPresent());
        assertEquals(1, inTransaction(() -> persistence.firmwareTypes().list(project.id())).size());
    }

    @Test
    void removingAProjectThatHoldsADevice_throwsConcurrentModification_andKeepsTheDevice() {
        Project project = newProject("with device");
        existingDevice(project.id(), "dev-1", "light");

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().remove(project)));

        assertTrue(inTransaction(() -> persistence.devices().find(project.id(), DeviceId.of("dev-1"))).isPresent());
    }

    @Test
    void removingAProjectThatHoldsABundle_throwsConcurrentModification_andKeepsTheBundle() {
        Project project = newProject("with bundle");
        inTransaction(() -> persistence.bundles().add(Bundle.create(BundleId.of("b-1"), project.id(), "Bundle", "",
                DeviceClass.of("light"), Channel.STABLE, List.of(), T0)));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().remove(project)));

        assertEquals(1, inTransaction(() -> persistence.bundles().count(project.id())));
    }

    @Test
    void removingAStaleCopyOrAProjectThatIsGone_throwsConcurrentModification() {
        Project project = newProject("contested");
        Project stale = reload(project);
        Project fresh = reload(project);
        fresh.rename("renamed");
        inTransaction(() -> persistence.projects().update(fresh));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().remove(stale)));
        inTransaction(() -> persistence.projects().remove(reload(project)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().remove(fresh)));
    }
}
