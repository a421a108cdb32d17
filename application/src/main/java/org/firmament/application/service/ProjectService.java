package org.firmament.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.ChangeProjectCommand;
import org.firmament.application.port.in.CreateProjectCommand;
import org.firmament.application.port.in.ManageProjectsUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.out.ApiKeyRepository;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectDeletion;
import org.firmament.domain.project.ProjectId;

/** Use cases: list, read, create, change and delete projects, each change audited. */
public final class ProjectService implements ManageProjectsUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final FirmwareImageRepository images;
    private final BundleRepository bundles;
    private final DeviceRepository devices;
    private final ApiKeyRepository apiKeys;
    private final CredentialCache credentials;
    private final AuditTrail audit;
    private final Clock clock;

    public ProjectService(TransactionBoundary transactions, ProjectRepository projects, FirmwareImageRepository images,
                          BundleRepository bundles, DeviceRepository devices, ApiKeyRepository apiKeys,
                          CredentialCache credentials, AuditLog audit, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.images = Objects.requireNonNull(images);
        this.bundles = Objects.requireNonNull(bundles);
        this.devices = Objects.requireNonNull(devices);
        this.apiKeys = Objects.requireNonNull(apiKeys);
        this.credentials = Objects.requireNonNull(credentials);
        this.audit = new AuditTrail(audit, clock);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public ProjectPage list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return transactions.inTransaction(() ->
                new ProjectPage(projects.list(page.offset(), page.limit()), projects.count()));
    }

    @Override
    public ProjectPage list(java.util.Set<ProjectId> visible, PageRequest page) {
        Objects.requireNonNull(page, "page");
        List<Project> existing = transactions.inTransaction(() -> visible.stream()
                .sorted(java.util.Comparator.comparingLong(ProjectId::value))
                .map(projects::find).flatMap(Optional::stream).toList());
        return new ProjectPage(existing.stream().skip(page.offset()).limit(page.limit()).toList(), existing.size());
    }

    @Override
    public Project get(ProjectId id) {
        return transactions.inTransaction(() -> load(id));
    }

    @Override
    public Project create(CreateProjectCommand command, Actor actor) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(actor, "actor");
        return transactions.inTransaction(() -> {
            Project project = Project.create(projects.nextId(), command.name(), clock.now());
            command.publicOta().ifPresent(project::allowPublicOta);
            command.defaultChannel().ifPresent(project::changeDefaultChannel);
            projects.add(project);
            record(project, actor, AuditEntry.Action.CREATED, "Created project " + quoted(project.name())
                    + " (publicOta " + project.publicOta() + ", defaultChannel " + project.defaultChannel().value()
                    + ")");
            return project;
        });
    }

    @Override
    public Project change(ChangeProjectCommand command, Actor actor) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(actor, "actor");
        return transactions.inTransaction(() -> {
            Project project = load(command.projectId());
            List<String> changes = new ArrayList<>();
            command.name().filter(name -> !name.equals(project.name())).ifPresent(name -> {
                changes.add("name " + quoted(project.name()) + " -> " + quoted(name));
                project.rename(name);
            });
            command.publicOta().filter(flag -> flag != project.publicOta()).ifPresent(flag -> {
                changes.add("publicOta " + project.publicOta() + " -> " + flag);
                project.allowPublicOta(flag);
            });
            command.defaultChannel().filter(channel -> !channel.equals(project.defaultChannel())).ifPresent(channel -> {
                changes.add("defaultChannel " + project.defaultChannel().value() + " -> " + channel.value());
                project.changeDefaultChannel(channel);
            });
            if (!changes.isEmpty()) {
                projects.update(project);
                record(project, actor, AuditEntry.Action.CHANGED, "Changed " + String.join(", ", changes));
            }
            return project;
        });
    }

    @Override
    public void delete(ProjectId id, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        transactions.run(() -> {
            // Locked before its keys are listed, as a key's creation locks it (ApiKeyService.create).
            Project project = projects.lock(id)
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, id.toString()));
            ProjectDeletion.check(id, new ProjectDeletion.Contents(images.count(id, Optional.empty()),
                    bundles.count(id), devices.count(id, Optional.empty(), Optional.empty())));
            // The project's API keys go with it (by cascade): remembered anywhere, they must stop
            // working within the credential cache's bound, as revoked keys do.
            apiKeys.list(id).forEach(key -> credentials.announceChange(key.secretHash()));
            projects.remove(project);
            record(project, actor, AuditEntry.Action.DELETED, "Deleted project " + quoted(project.name()));
        });
    }

    private void record(Project project, Actor actor, AuditEntry.Action action, String summary) {
        audit.record(project.id(), actor, action, AuditEntry.Subject.PROJECT, project.id().toString(), summary);
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    private Project load(ProjectId id) {
        return projects.find(id).orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, id.toString()));
    }
}
