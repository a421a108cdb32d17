package org.firmament.application.service;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.CreateFirmwareTypeCommand;
import org.firmament.application.port.in.ManageFirmwareTypesUseCase;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeDeletion;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.ProjectId;

/** Use cases: operators list, read, create and delete firmware types, each change audited. */
public final class FirmwareTypeService implements ManageFirmwareTypesUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final FirmwareTypeRepository types;
    private final FirmwareImageRepository images;
    private final AuditTrail audit;
    private final Clock clock;

    public FirmwareTypeService(TransactionBoundary transactions, ProjectRepository projects,
                               FirmwareTypeRepository types, FirmwareImageRepository images, AuditLog audit,
                               Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.types = Objects.requireNonNull(types);
        this.images = Objects.requireNonNull(images);
        this.audit = new AuditTrail(audit, clock);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<FirmwareType> list(ProjectId projectId) {
        return transactions.inTransaction(() -> {
            requireProject(projectId);
            return types.list(projectId);
        });
    }

    @Override
    public FirmwareType get(ProjectId projectId, FirmwareTypeName name) {
        return transactions.inTransaction(() -> load(projectId, name));
    }

    @Override
    public FirmwareType create(CreateFirmwareTypeCommand command, Actor actor) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(actor, "actor");
        // A concurrent create of the same name makes the loser's insert fail; its second run finds
        // the winner's type and answers "already exists".
        return transactions.inTransactionRetryingOnce(() -> {
            requireProject(command.projectId());
            if (types.find(command.projectId(), command.name()).isPresent()) {
                throw new AlreadyExistsException("firmware type", command.name().value());
            }
            FirmwareType type = FirmwareType.create(command.projectId(), command.name(), command.scheme(),
                    clock.now());
            types.add(type);
            record(type, actor, AuditEntry.Action.CREATED, "Created firmware type " + type.name() + " ("
                    + type.scheme().name().toLowerCase(Locale.ROOT) + " versions)");
            return type;
        });
    }

    @Override
    public void delete(ProjectId projectId, FirmwareTypeName name, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        transactions.run(() -> {
            FirmwareType type = load(projectId, name);
            FirmwareTypeDeletion.check(type, images.count(projectId, Optional.of(name)));
            types.remove(type);
            record(type, actor, AuditEntry.Action.DELETED, "Deleted firmware type " + type.name());
        });
    }

    private void record(FirmwareType type, Actor actor, AuditEntry.Action action, String summary) {
        audit.record(type.projectId(), actor, action, AuditEntry.Subject.FIRMWARE_TYPE, type.name().value(), summary);
    }

    private FirmwareType load(ProjectId projectId, FirmwareTypeName name) {
        requireProject(projectId);
        return types.find(projectId, name)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.FIRMWARE_TYPE, name.value()));
    }

    private void requireProject(ProjectId projectId) {
        if (projects.find(projectId).isEmpty()) {
            throw new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString());
        }
    }
}
