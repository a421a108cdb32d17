package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Persistence adapter: the row of table {@code api_key}; never leaves the adapter. Keys never change. */
@Entity(name = "ApiKey")
@Table(name = "api_key")
class ApiKeyEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "name", nullable = false, updatable = false)
    String name;

    @Column(name = "role", nullable = false, updatable = false)
    String role;

    @Column(name = "secret_sha256", nullable = false, updatable = false)
    String secretSha256;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, long projectId, String name, String role, String secretSha256, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.name = name;
        this.role = role;
        this.secretSha256 = secretSha256;
        this.createdAt = createdAt;
    }
}
