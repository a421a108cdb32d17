package org.firmament.application.port.out;

import java.util.List;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: the projects' audit logs. {@link #record} is called inside the transaction that makes
 * the change, so an entry exists exactly when the change does.
 */
public interface AuditLog {

    void record(AuditEntry entry);

    /** A page of {@code projectId}'s entries, newest first. */
    List<AuditEntry> list(ProjectId projectId, int offset, int limit);

    long count(ProjectId projectId);
}
