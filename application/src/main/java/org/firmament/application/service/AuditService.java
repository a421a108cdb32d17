package org.firmament.application.service;

import java.util.Objects;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.QueryAuditLogUseCase;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.project.ProjectId;

/** Use case: read a project's audit log. */
public final class AuditService implements QueryAuditLogUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final AuditLog audit;

    public AuditService(TransactionBoundary transactions, ProjectRepository projects, AuditLog audit) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public AuditPage list(ProjectId projectId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        return transactions.inTransaction(() -> {
            if (projects.find(projectId).isEmpty()) {
                throw new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString());
            }
            return new AuditPage(audit.list(projectId, page.offset(), page.limit()), audit.count(projectId));
        });
    }
}
