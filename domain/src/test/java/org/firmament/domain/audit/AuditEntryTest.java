package org.firmament.domain.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    private static AuditEntry withSummary(String summary) {
        return new AuditEntry(ProjectId.DEFAULT, Instant.parse("2026-01-01T00:00:00Z"), Actor.ADMIN,
                AuditEntry.Action.CHANGED, AuditEntry.Subject.PROJECT, "1", summary);
    }

    @Test
    void aMissingSummaryIsStoredAsEmptyText() {
        assertEquals("", withSummary(null).summary());
    }

    @Test
    void controlCharactersBecomeSpacesAndUnpairedSurrogatesTheReplacementCharacter() {
        assertEquals("a b c \uFFFD", withSummary("a\nb\tc \uD800").summary());
    }

    @Test
    void aLongSummaryIsCutToTheLimitWithoutSplittingACharacter() {
        assertEquals("x".repeat(AuditEntry.MAX_SUMMARY_LENGTH),
                withSummary("x".repeat(AuditEntry.MAX_SUMMARY_LENGTH + 10)).summary());
        String clef = "\uD834\uDD1E";
        String cut = withSummary("x" + clef.repeat(AuditEntry.MAX_SUMMARY_LENGTH)).summary();
        assertEquals(AuditEntry.MAX_SUMMARY_LENGTH - 1, cut.length());
        assertEquals("x" + clef.repeat((AuditEntry.MAX_SUMMARY_LENGTH - 1) / 2), cut);
    }

    @Test
    void theSubjectIdIsRequiredAndBounded() {
        assertThrows(InvalidValueException.class, () -> new AuditEntry(ProjectId.DEFAULT, Instant.EPOCH, Actor.ADMIN,
                AuditEntry.Action.CREATED, AuditEntry.Subject.PROJECT, " ", ""));
        assertThrows(InvalidValueException.class, () -> new AuditEntry(ProjectId.DEFAULT, Instant.EPOCH, Actor.ADMIN,
                AuditEntry.Action.CREATED, AuditEntry.Subject.PROJECT, "x".repeat(AuditEntry.MAX_SUBJECT_ID_LENGTH + 1),
                ""));
    }
}
