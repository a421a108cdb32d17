package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link org.firmament.application.port.out.AuditLog}, run against each database. */
abstract class AuditLogContract extends PersistenceContractSupport {

    private static AuditEntry entry(ProjectId project, Instant at, String subjectId) {
        return new AuditEntry(project, at, Actor.ADMIN, AuditEntry.Action.CREATED, AuditEntry.Subject.FIRMWARE_TYPE,
                subjectId, "Created firmware type " + subjectId);
    }

    private void recorded(AuditEntry... entries) {
        inTransaction(() -> List.of(entries).forEach(persistence.auditLog()::record));
    }

    private List<String> subjectIds(ProjectId project, int offset, int limit) {
        return inTransaction(() -> persistence.auditLog().list(project, offset, limit)).stream()
                .map(AuditEntry::subjectId).toList();
    }

    // ---- mapping round trips ----

    @ParameterizedTest
    @EnumSource(Actor.Kind.class)
    void anEntryReadsBackWithEveryField_instantToTheMicrosecond(Actor.Kind kind) {
        AuditEntry entry = new AuditEntry(PROJECT, Instant.parse("1999-12-31T23:59:59.999999Z"),
                new Actor(kind, "ключ-" + "k".repeat(Actor.MAX_ID_LENGTH - 5)), AuditEntry.Action.CHANGED,
                AuditEntry.Subject.DEVICE_KEY, "d".repeat(AuditEntry.MAX_SUBJECT_ID_LENGTH),
                "Changed name \"Fleet\" -> \"Fleet Nørd ✓\"");
        recorded(entry);

        assertEquals(List.of(entry), inTransaction(() -> persistence.auditLog().list(PROJECT, 0, 10)));
    }

    @ParameterizedTest
    @EnumSource(AuditEntry.Subject.class)
    void everySubjectAndActionIsStored(AuditEntry.Subject subject) {
        List<AuditEntry> entries = new ArrayList<>();
        for (AuditEntry.Action action : AuditEntry.Action.values()) {
            entries.add(new AuditEntry(PROJECT, T0, Actor.SYSTEM, action, subject, "x", ""));
        }
        recorded(entries.toArray(AuditEntry[]::new));
        Collections.reverse(entries);

        assertEquals(entries, inTransaction(() -> persistence.auditLog().list(PROJECT, 0, 10)));
    }

    @Test
    void theLongestSummaries_alsoOfCharactersOutsideTheBasicPlane_readBackWhole() {
        String clefs = "\uD834\uDD1E".repeat(AuditEntry.MAX_SUMMARY_LENGTH / 2);
        String letters = "x".repeat(AuditEntry.MAX_SUMMARY_LENGTH);
        recorded(new AuditEntry(PROJECT, at(1), Actor.ADMIN, AuditEntry.Action.CHANGED, AuditEntry.Subject.PROJECT,
                "1", clefs), new AuditEntry(PROJECT, at(2), Actor.ADMIN, AuditEntry.Action.CHANGED,
                AuditEntry.Subject.PROJECT, "1", letters));

        List<String> summaries = inTransaction(() -> persistence.auditLog().list(PROJECT, 0, 10)).stream()
                .map(AuditEntry::summary).toList();

        assertEquals(List.of(letters, clefs), summaries);
    }

    // ---- order, pages and counts ----

    @Test
    void entriesListNewestFirst_andEntriesOfOneInstantTheLaterRecordedFirst() {
        recorded(entry(PROJECT, at(10), "middle"));
        recorded(entry(PROJECT, at(20), "newest-1"), entry(PROJECT, at(20), "newest-2"));
        recorded(entry(PROJECT, at(0), "oldest"));
        recorded(entry(PROJECT, at(20), "newest-3"));

        assertEquals(List.of("newest-3", "newest-2", "newest-1", "middle", "oldest"), subjectIds(PROJECT, 0, 10));
    }

    @Test
    void pagesCutTheLogWithoutOverlapOrGap_andTheCountHoldsEveryEntryOfTheProject() {
        for (int i = 0; i < 7; i++) {
            recorded(entry(PROJECT, T0, "e" + i));
        }
        recorded(entry(OTHER_PROJECT, at(99), "elsewhere"));

        assertEquals(List.of("e6", "e5", "e4"), subjectIds(PROJECT, 0, 3));
        assertEquals(List.of("e3", "e2", "e1"), subjectIds(PROJECT, 3, 3));
        assertEquals(List.of("e0"), subjectIds(PROJECT, 6, 3));
        assertTrue(subjectIds(PROJECT, 7, 3).isEmpty());
        assertTrue(subjectIds(PROJECT, 0, 0).isEmpty());
        assertEquals(7, inTransaction(() -> persistence.auditLog().count(PROJECT)));
        assertEquals(1, inTransaction(() -> persistence.auditLog().count(OTHER_PROJECT)));
        assertEquals(0, inTransaction(() -> persistence.auditLog().count(ProjectId.of(999))));
    }

    @Test
    void aNegativeOffsetOrLimit_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> inTransaction(() -> persistence.auditLog().list(PROJECT, -1, 1)));
        assertThrows(IllegalArgumentException.class, () -> inTransaction(() -> persistence.auditLog().list(PROJECT, 0, -1)));
    }

    // ---- transactions and lifetime ----

    @Test
    void anEntryRecordedInATransactionThatRollsBack_isNotKept() {
        assertThrows(IllegalStateException.class, () -> inTransaction(() -> {
            persistence.auditLog().record(entry(PROJECT, T0, "never"));
            throw new IllegalStateException("the change failed");
        }));

        assertEquals(0, count("audit_entry"));
    }

    @Test
    void aProjectsLogOutlivesTheProject() {
        Project project = inTransaction(() -> persistence.projects().find(OTHER_PROJECT)).orElseThrow();
        recorded(entry(OTHER_PROJECT, T0, "before"));

        inTransaction(() -> {
            persistence.projects().remove(project);
            persistence.auditLog().record(new AuditEntry(OTHER_PROJECT, at(1), Actor.ADMIN, AuditEntry.Action.DELETED,
                    AuditEntry.Subject.PROJECT, OTHER_PROJECT.toString(), "Deleted project"));
        });

        assertEquals(List.of(OTHER_PROJECT.toString(), "before"), subjectIds(OTHER_PROJECT, 0, 10));
    }

    @Test
    void usingTheLogOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class, () -> persistence.auditLog().record(entry(PROJECT, T0, "x")));
        assertThrows(IllegalStateException.class, () -> persistence.auditLog().list(PROJECT, 0, 1));
        assertThrows(IllegalStateException.class, () -> persistence.auditLog().count(PROJECT));
    }
}
