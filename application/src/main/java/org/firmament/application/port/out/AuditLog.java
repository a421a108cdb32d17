package org.firmament.application.port.out;

import java.util.List;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: the projects' audit logs. Called inside a {@link TransactionBoundary}: {@link #record}
 * is called inside the transaction that makes the change, so an entry exists exactly when the
 * change does. Entries are only ever added; a project's log outlives the project.
 */
public interface AuditLog {

    void record(AuditEntry entry);

    /**
     * A page of {@code projectId}'s entries, newest first. Entries recorded at the same instant
     * keep one fixed order (the later recorded first), so while nothing is added, reading page
     * after page shows every entry exactly once.
     */
    List<AuditEntry> list(ProjectId projectId, int offset, int limit);

    long count(ProjectId projectId);
}
