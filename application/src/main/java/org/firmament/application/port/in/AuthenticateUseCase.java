package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.access.Principal;

/**
 * Use case: who a presented credential belongs to: the admin token, a project API key, a device
 * key or a user's token from the configured identity provider.
 */
public interface AuthenticateUseCase {

    /**
     * The principal {@code credential} belongs to, or empty when it is none of the current
     * credentials (unknown, revoked, rotated away, expired, badly signed or malformed).
     */
    Optional<Principal> authenticate(String credential);
}
