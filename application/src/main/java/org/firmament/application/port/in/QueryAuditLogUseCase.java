package org.firmament.application.port.in;

import java.util.List;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/** Use case: read a project's audit log, newest entries first. */
public interface QueryAuditLogUseCase {

    /** One page of entries and how many the project's log holds in all. */
    record AuditPage(List<AuditEntry> entries, long total) {

        public AuditPage {
            entries = List.copyOf(entries);
        }
    }

    /** @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project */
    AuditPage list(ProjectId projectId, PageRequest page);
}
