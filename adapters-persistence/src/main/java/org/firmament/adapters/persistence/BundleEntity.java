package org.firmament.adapters.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Persistence adapter: the row of table {@code bundle} with its rows of {@code bundle_component};
 * never leaves the adapter. The components are values of the bundle, kept in order by their
 * {@code position}.
 */
@Entity(name = "Bundle")
@Table(name = "bundle")
class BundleEntity {

    @Id
    @Column(name = "id")
    String id;

    @Column(name = "project_id", nullable = false, updatable = false)
    long projectId;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "description", nullable = false)
    String description;

    @Column(name = "device_class", nullable = false)
    String deviceClass;

    @Column(name = "channel", nullable = false)
    String channel;

    // Lazy, and fetched with the bundle by the listing queries; a change to it bumps row_version.
    @ElementCollection
    @CollectionTable(name = "bundle_component", joinColumns = @JoinColumn(name = "bundle_id"))
    @OrderColumn(name = "position")
    List<BundleComponentValue> components = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    // A wrapper type: null tells Hibernate that an entity with an assigned id is new.
    @Version
    @Column(name = "row_version", nullable = false)
    Long rowVersion;

    protected BundleEntity() {
    }

    BundleEntity(String id, long projectId, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.createdAt = createdAt;
    }
}
