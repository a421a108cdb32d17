package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Persistence adapter: the row of table {@code device}; never leaves the adapter. */
@Entity(name = "Device")
@Table(name = "device")
class DeviceEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "device_class", nullable = false)
    String deviceClass;

    @Column(name = "channel_override")
    String channelOverride;

    @Column(name = "api_key_sha256", nullable = false)
    String apiKeySha256;

    @Column(name = "installed_bundle")
    String installedBundle;

    @Column(name = "installed_versions", nullable = false)
    String installedVersions = "";

    @Column(name = "pin_bundle")
    String pinBundle;

    @Column(name = "pin_type")
    String pinType;

    @Column(name = "pin_version")
    String pinVersion;

    // Not updatable: Hibernate would write it with the row version, and an older copy would move
    // it back in time. Changes go through HibernateDeviceRepository's "later wins" statement.
    @Column(name = "last_seen", updatable = false)
    Instant lastSeen;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    // A wrapper type: null tells Hibernate that an entity with an assigned id is new.
    @Version
    @Column(name = "row_version", nullable = false)
    Long rowVersion;

    protected DeviceEntity() {
    }

    DeviceEntity(String id, long projectId, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.createdAt = createdAt;
    }
}
