package org.firmament.application.service;

import java.util.List;
import java.util.Objects;
import org.firmament.application.port.in.ManageApiKeysUseCase;
import org.firmament.application.port.out.ApiKeyRepository;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/** Use cases: a project's API keys. The secret is returned once and only its hash is stored. */
public final class ApiKeyService implements ManageApiKeysUseCase {

    private final TransactionBoundary transactions;
    private final ProjectRepository projects;
    private final ApiKeyRepository keys;
    private final AuditTrail audit;
    private final CredentialCache cache;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiKeyService(TransactionBoundary transactions, ProjectRepository projects, ApiKeyRepository keys,
                         AuditLog audit, CredentialCache cache, IdGenerator ids, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions);
        this.projects = Objects.requireNonNull(projects);
        this.keys = Objects.requireNonNull(keys);
        this.audit = new AuditTrail(audit, clock);
        this.cache = Objects.requireNonNull(cache);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public CreatedApiKey create(ProjectId projectId, String name, Role role, Actor actor) {
        String secret = ids.newSecret();
        ApiKey key = new ApiKey(ApiKeyId.of(ids.newUuid().toString()), projectId, name, role, SecretHash.of(secret),
                clock.now());
        transactions.run(() -> {
            // Locked, as a deletion locks it before it lists the keys it must announce: this key
            // either is among them or finds no project. Two creations cannot both pass the limit.
            projects.lock(projectId)
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString()));
            if (keys.list(projectId).size() >= MAX_KEYS_PER_PROJECT) {
                throw new RuleViolationException("keys", "a project holds at most " + MAX_KEYS_PER_PROJECT
                        + " API keys; revoke one first");
            }
            keys.add(key);
            audit.record(projectId, actor, AuditEntry.Action.CREATED, AuditEntry.Subject.API_KEY, key.id().value(),
                    "name=" + name + ", role=" + role.wireName());
        });
        return new CreatedApiKey(key, secret);
    }

    @Override
    public List<ApiKey> list(ProjectId projectId) {
        return transactions.inTransaction(() -> {
            requireProject(projectId);
            return keys.list(projectId);
        });
    }

    @Override
    public void revoke(ProjectId projectId, ApiKeyId keyId, Actor actor) {
        transactions.run(() -> {
            ApiKey key = keys.find(projectId, keyId)
                    .orElseThrow(() -> new NotFoundException(NotFoundException.Subject.API_KEY, keyId.value()));
            keys.remove(projectId, keyId);
            cache.announceChange(key.secretHash());
            audit.record(projectId, actor, AuditEntry.Action.DELETED, AuditEntry.Subject.API_KEY, keyId.value(),
                    "name=" + key.name());
        });
    }

    private void requireProject(ProjectId projectId) {
        if (projects.find(projectId).isEmpty()) {
            throw new NotFoundException(NotFoundException.Subject.PROJECT, projectId.toString());
        }
    }
}
