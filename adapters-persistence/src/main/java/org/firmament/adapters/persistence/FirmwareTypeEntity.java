package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Persistence adapter: the row of table {@code firmware_type}; never leaves the adapter. Types are
 * only ever added, so the row carries no version column.
 */
@Entity(name = "FirmwareType")
@Table(name = "firmware_type")
class FirmwareTypeEntity {

    @EmbeddedId
    FirmwareTypeKey key;

    @Column(name = "version_scheme", nullable = false, updatable = false)
    String versionScheme;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected FirmwareTypeEntity() {
    }

    FirmwareTypeEntity(FirmwareTypeKey key, String versionScheme, Instant createdAt) {
        this.key = key;
        this.versionScheme = versionScheme;
        this.createdAt = createdAt;
    }
}
