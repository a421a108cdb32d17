package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Persistence adapter: the row of table {@code project}; never leaves the adapter. */
@Entity(name = "Project")
@Table(name = "project")
class ProjectEntity {

    @Id
    @Column(name = "id")
    long id;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "public_ota", nullable = false)
    boolean publicOta;

    @Column(name = "default_channel", nullable = false)
    String defaultChannel;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    // A wrapper type: null tells Hibernate that an entity with an assigned id is new.
    @Version
    @Column(name = "row_version", nullable = false)
    Long rowVersion;

    protected ProjectEntity() {
    }

    ProjectEntity(long id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
    }
}
