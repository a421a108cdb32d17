package org.firmament.application.port.out;

import java.util.Optional;
import org.firmament.domain.access.SecretHash;

/**
 * Out-port: stored credentials, kept only as hashes, and the generated key that signs download
 * links (kept as is: checking a signature needs it). Called inside a {@link TransactionBoundary}.
 */
public interface CredentialRepository {

    /** The hash of the admin token generated at first start, if one was. */
    Optional<SecretHash> findGeneratedAdminToken();

    /**
     * Keeps the hash of a newly generated admin token.
     *
     * @throws org.firmament.domain.ConcurrentModificationException when another instance stored one first
     */
    void storeGeneratedAdminToken(SecretHash hash);

    /** The download signing key generated at first start, if one was. */
    Optional<String> findGeneratedDownloadSigningKey();

    /**
     * Keeps a newly generated download signing key (32 to 128 characters).
     *
     * @throws org.firmament.domain.ConcurrentModificationException when another instance stored one first
     */
    void storeGeneratedDownloadSigningKey(String key);
}
