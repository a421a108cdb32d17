package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;

/** Persistence adapter: the primary key of table {@code firmware_type}, a name unique within a project. */
@Embeddable
record FirmwareTypeKey(
        @Column(name = "project_id", nullable = false) long projectId,
        @Column(name = "name", nullable = false) String name) implements Serializable {
}
