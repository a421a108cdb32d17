package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * Persistence adapter: the row of table {@code firmware_image}; never leaves the adapter. The
 * sealed {@code Artifact} is flattened into nullable columns tagged by {@link #artifactKind}.
 */
@Entity(name = "FirmwareImage")
@Table(name = "firmware_image")
class FirmwareImageEntity {

    static final String STORED = "STORED";
    static final String EXTERNAL = "EXTERNAL";

    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "type_name", nullable = false)
    String typeName;

    @Column(name = "version", nullable = false)
    String version;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "artifact_kind")
    String artifactKind;

    @Column(name = "binary_key")
    String binaryKey;

    @Column(name = "filename")
    String filename;

    @Column(name = "size_bytes")
    Long sizeBytes;

    @Column(name = "sha1")
    String sha1;

    @Column(name = "sha256")
    String sha256;

    @Column(name = "external_url")
    String externalUrl;

    // A wrapper type: null tells Hibernate that an entity with an assigned id is new.
    @Version
    @Column(name = "row_version", nullable = false)
    Long rowVersion;

    protected FirmwareImageEntity() {
    }

    FirmwareImageEntity(UUID id, long projectId, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.createdAt = createdAt;
    }
}
