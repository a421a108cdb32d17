package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** Persistence adapter: the row of table {@code device_update}; never leaves the adapter. */
@Entity(name = "DeviceUpdate")
@Table(name = "device_update")
class DeviceUpdateEntity {

    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "device_id", nullable = false, updatable = false)
    String deviceId;

    @Column(name = "image_id", nullable = false, updatable = false)
    UUID imageId;

    @Column(name = "version", nullable = false, updatable = false)
    String version;

    @Column(name = "assigned_at", nullable = false, updatable = false)
    Instant assignedAt;

    @Column(name = "state", nullable = false)
    String state;

    @Column(name = "message")
    String message;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    // A wrapper type: null tells Hibernate that an entity with an assigned id is new.
    @Version
    @Column(name = "row_version", nullable = false)
    Long rowVersion;

    protected DeviceUpdateEntity() {
    }

    DeviceUpdateEntity(UUID id, long projectId, String deviceId, UUID imageId, String version, Instant assignedAt) {
        this.id = id;
        this.projectId = projectId;
        this.deviceId = deviceId;
        this.imageId = imageId;
        this.version = version;
        this.assignedAt = assignedAt;
    }
}
