package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Persistence adapter: the row of table {@code stored_binary}; never leaves the adapter. No row
 * version: writers serialise on the row lock instead (see {@code StoredBinaryRepository}).
 */
@Entity(name = "StoredBinary")
@Table(name = "stored_binary")
class StoredBinaryEntity {

    @Id
    @Column(name = "binary_key")
    String binaryKey;

    @Column(name = "sha256", nullable = false, updatable = false)
    String sha256;

    @Column(name = "size_bytes", nullable = false, updatable = false)
    long sizeBytes;

    @Column(name = "stored_at", nullable = false, updatable = false)
    Instant storedAt;

    @Column(name = "verified_at")
    Instant verifiedAt;

    @Column(name = "corrupt_since")
    Instant corruptSince;

    /** TRUE, or null while corrupt: the unique key over (sha256, size, intact) then lets a fresh copy in. */
    @Column(name = "intact")
    Boolean intact;

    protected StoredBinaryEntity() {
    }

    StoredBinaryEntity(String binaryKey, String sha256, long sizeBytes, Instant storedAt) {
        this.binaryKey = binaryKey;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.storedAt = storedAt;
        this.intact = Boolean.TRUE;
    }
}
