package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Persistence adapter: the row of table {@code audit_entry}; never leaves the adapter. Rows are
 * only inserted, so every column is read-only after that and there is no version column.
 */
@Entity(name = "AuditEntry")
@Table(name = "audit_entry")
class AuditEntryEntity {

    // The database numbers rows as they are inserted; the number only breaks ties in time.
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "actor_kind", nullable = false, updatable = false)
    String actorKind;

    @Column(name = "actor_id", nullable = false, updatable = false)
    String actorId;

    @Column(name = "action", nullable = false, updatable = false)
    String action;

    @Column(name = "subject", nullable = false, updatable = false)
    String subject;

    @Column(name = "subject_id", nullable = false, updatable = false)
    String subjectId;

    @Column(name = "summary", nullable = false, updatable = false)
    String summary;

    protected AuditEntryEntity() {
    }

    AuditEntryEntity(long projectId, Instant recordedAt, String actorKind, String actorId, String action,
                     String subject, String subjectId, String summary) {
        this.projectId = projectId;
        this.recordedAt = recordedAt;
        this.actorKind = actorKind;
        this.actorId = actorId;
        this.action = action;
        this.subject = subject;
        this.subjectId = subjectId;
        this.summary = summary;
    }
}
