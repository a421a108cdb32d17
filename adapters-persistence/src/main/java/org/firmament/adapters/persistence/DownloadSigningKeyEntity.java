package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Persistence adapter: the single row of table {@code download_signing_key}; never leaves the adapter. */
@Entity(name = "DownloadSigningKey")
@Table(name = "download_signing_key")
class DownloadSigningKeyEntity {

    /** The only key the table accepts, so a second generated key collides instead of adding a row. */
    static final int GENERATED_KEY = 1;

    @Id
    @Column(name = "id")
    int id;

    @Column(name = "signing_key", nullable = false, updatable = false)
    String signingKey;

    protected DownloadSigningKeyEntity() {
    }

    DownloadSigningKeyEntity(int id, String signingKey) {
        this.id = id;
        this.signingKey = signingKey;
    }
}
