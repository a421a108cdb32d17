package org.firmament.application.service;

import java.util.Objects;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.Clock;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/** What every use case that changes something writes to the audit log, stamped with the time. */
final class AuditTrail {

    private final AuditLog log;
    private final Clock clock;

    AuditTrail(AuditLog log, Clock clock) {
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Call inside the transaction of the change, so the entry exists exactly when the change does. */
    void record(ProjectId project, Actor actor, AuditEntry.Action action, AuditEntry.Subject subject, String subjectId,
                String summary) {
        log.record(new AuditEntry(project, clock.now(), actor, action, subject, subjectId, summary));
    }
}
