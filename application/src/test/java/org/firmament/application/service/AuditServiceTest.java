package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.QueryAuditLogUseCase;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class AuditServiceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final AuditService service = new AuditService(transactions, projects, audit);

    private void recorded(ProjectId project, String subjectId) {
        transactions.run(() -> audit.record(new AuditEntry(project, NOW, Actor.ADMIN, AuditEntry.Action.CREATED,
                AuditEntry.Subject.FIRMWARE_TYPE, subjectId, "")));
    }

    @Test
    void aProjectsLogIsReadNewestFirstInPagesWithItsTotal() {
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "Default project", NOW));
        recorded(ProjectId.DEFAULT, "first");
        recorded(ProjectId.DEFAULT, "second");
        recorded(ProjectId.DEFAULT, "third");
        recorded(ProjectId.of(2), "elsewhere");

        QueryAuditLogUseCase.AuditPage page = service.list(ProjectId.DEFAULT, new PageRequest(1, 5));

        assertEquals(List.of("second", "first"), page.entries().stream().map(AuditEntry::subjectId).toList());
        assertEquals(3, page.total());
    }

    @Test
    void theLogOfAnUnknownProjectIsNotFound() {
        assertEquals(NotFoundException.Subject.PROJECT, assertThrows(NotFoundException.class,
                () -> service.list(ProjectId.of(5), new PageRequest(0, 10))).subject());
    }
}
