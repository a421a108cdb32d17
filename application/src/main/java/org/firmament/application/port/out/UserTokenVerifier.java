package org.firmament.application.port.out;

import java.util.Optional;
import org.firmament.domain.access.UserGrant;

/**
 * Out-port: checks a user's token issued by an external identity provider (a JWT) and reads what
 * it grants. Implementations pin the algorithm and enforce expiry, not-before and, when
 * configured, issuer and audience.
 */
public interface UserTokenVerifier {

    /** A verifier for deployments without an identity provider: it accepts nothing. */
    UserTokenVerifier NONE = token -> Optional.empty();

    /** What {@code token} grants, or empty when it is not a valid token of the configured issuer. */
    Optional<UserGrant> verify(String token);
}
