package org.firmament.domain.access;

import java.time.Instant;
import java.util.Objects;
import org.firmament.domain.Names;
import org.firmament.domain.project.ProjectId;

/**
 * A project API key: a name the operator chose, a role, and the hash of the secret, which is
 * shown once at creation and never kept. Keys do not change; revoking one deletes it.
 */
public record ApiKey(ApiKeyId id, ProjectId projectId, String name, Role role, SecretHash secretHash,
                     Instant createdAt) {

    public static final int MAX_NAME_LENGTH = 200;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        name = Names.requireText("name", name, MAX_NAME_LENGTH);
        Names.requirePresent("role", role);
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Who this key is when it calls. */
    public Principal.ProjectKey principal() {
        return new Principal.ProjectKey(id.value(), projectId, role);
    }
}
