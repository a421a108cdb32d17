package org.firmament.application.port.in;

import java.util.List;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Role;
import org.firmament.domain.project.ProjectId;

/** Use case: operators create, list and revoke a project's API keys. */
public interface ManageApiKeysUseCase {

    /** Most keys one project may hold; keeps lists and lookups bounded. */
    int MAX_KEYS_PER_PROJECT = 100;

    /** A new key and its secret, which is shown only in this answer. */
    record CreatedApiKey(ApiKey key, String secret) {
    }

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project
     * @throws org.firmament.domain.InvalidValueException when the name breaks its rule
     * @throws org.firmament.domain.RuleViolationException when the project holds {@value #MAX_KEYS_PER_PROJECT} keys
     */
    CreatedApiKey create(ProjectId projectId, String name, Role role, Actor actor);

    /** @throws org.firmament.domain.NotFoundException with subject PROJECT when there is no such project */
    List<ApiKey> list(ProjectId projectId);

    /**
     * Deletes the key; it stops working at once on this instance and within the credential cache's
     * bound on the others.
     *
     * @throws org.firmament.domain.NotFoundException with subject API_KEY when the project has no such key
     */
    void revoke(ProjectId projectId, ApiKeyId keyId, Actor actor);
}
