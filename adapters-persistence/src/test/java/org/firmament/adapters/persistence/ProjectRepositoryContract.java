package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.ProjectRepository}, run against each database. */
abstract class ProjectRepositoryContract extends PersistenceContractSupport {

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

        assertThrows(org.firmament.domain.ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.projects().update(second)));
        assertEquals("Fleet", inTransaction(() -> persistence.projects().find(ProjectId.of(9))).orElseThrow().name());
    }
}
