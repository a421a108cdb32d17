package org.firmament.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.project.ProjectId;

/** Out-port: stored project API keys, secrets as hashes only. Called inside a {@link TransactionBoundary}. */
public interface ApiKeyRepository {

    void add(ApiKey key);

    Optional<ApiKey> find(ProjectId projectId, ApiKeyId id);

    /** The project's keys, oldest first. */
    List<ApiKey> list(ProjectId projectId);

    /**
     * The keys whose secrets hash to {@code secretHashes}, in one read, by the hash they were found
     * by; secrets are unique, and hashes no key's secret has are not in the map.
     */
    Map<SecretHash, ApiKey> findEachBySecretHash(Collection<SecretHash> secretHashes);

    /** Deletes the key; whether there was one. */
    boolean remove(ProjectId projectId, ApiKeyId id);
}
