package org.firmament.application.port.out;

import java.util.Optional;
import org.firmament.domain.access.SecretHash;

/** Out-port: stored credentials, kept only as hashes. Called inside a {@link TransactionBoundary}. */
public interface CredentialRepository {

    /** The hash of the admin token generated at first start, if one was. */
    Optional<SecretHash> findGeneratedAdminToken();

    /**
     * Keeps the hash of a newly generated admin token.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when another instance stored one first
     */
    void storeGeneratedAdminToken(SecretHash hash);
}
