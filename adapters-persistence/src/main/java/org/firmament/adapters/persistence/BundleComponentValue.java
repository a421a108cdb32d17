package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.UUID;

/** Persistence adapter: one row of table {@code bundle_component}, apart from its bundle and position. */
@Embeddable
record BundleComponentValue(
        @Column(name = "image_id", nullable = false) UUID imageId,
        @Column(name = "type_name", nullable = false) String typeName) {
}
