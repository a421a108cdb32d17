package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** Persistence adapter: the row of table {@code offered_update}; never leaves the adapter. */
@Entity(name = "OfferedUpdate")
@Table(name = "offered_update")
class OfferedUpdateEntity {

    @Id
    @Column(name = "id")
    UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "device_id", nullable = false, updatable = false)
    String deviceId;

    @Column(name = "kind", nullable = false, updatable = false)
    String kind;

    @Column(name = "bundle_id", updatable = false)
    String bundleId;

    @Column(name = "items", nullable = false, updatable = false)
    String items;

    @Column(name = "fingerprint", nullable = false, updatable = false)
    String fingerprint;

    @Column(name = "pinned", nullable = false, updatable = false)
    boolean pinned;

    @Column(name = "offered_at", nullable = false, updatable = false)
    Instant offeredAt;

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
}
