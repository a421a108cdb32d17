package org.firmament.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Persistence adapter: the single row of table {@code admin_credential}; never leaves the adapter. */
@Entity(name = "AdminCredential")
@Table(name = "admin_credential")
class AdminCredentialEntity {

    /** The only key the table accepts, so a second generated token collides instead of adding a row. */
    static final int GENERATED_ADMIN_TOKEN = 1;

    @Id
    @Column(name = "id")
    int id;

    @Column(name = "token_sha256", nullable = false, updatable = false)
    String tokenSha256;

    protected AdminCredentialEntity() {
    }

    AdminCredentialEntity(int id, String tokenSha256) {
        this.id = id;
        this.tokenSha256 = tokenSha256;
    }
}
