package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.access.SecretHash;

/** Use case: the admin token that grants everything, configured or generated at first start. */
public interface AdminTokenUseCase {

    /**
     * Makes sure an admin token exists. Returns a newly generated token, which the caller shows
     * once and which is kept only as a hash, or empty when a token was configured or generated
     * before.
     */
    Optional<String> initialise();

    /** Whether {@code presented} is the admin token; compares in constant time. */
    boolean isAdminToken(String presented);

    /** Whether a credential that hashes to {@code presented} is the admin token; compares in constant time. */
    boolean isAdminToken(SecretHash presented);
}
