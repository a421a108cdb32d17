package org.firmament.adapters.rest.common;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.firmament.application.port.in.AuthenticateUseCase;
import org.firmament.domain.access.Principal;

/**
 * REST adapter: who is calling, for every request to a surface, before resource matching (so an
 * unauthenticated caller learns nothing about which paths exist). A credential that is present
 * must be valid, on public paths too; without one, only a surface's public paths are reachable.
 * Paths no surface owns ({@code /health}, {@code /metrics}, {@code /openapi.json}) ignore credentials.
 * Resources read the caller through {@link Access}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    /** The standard scheme, and seed 002's own ({@code ModeCloud <key>}), accepted on every surface. */
    public static final Set<String> SCHEMES = Set.of("bearer", "modecloud");

    private final AuthenticateUseCase authentication;
    private final SurfaceErrors surfaces;

    public AuthenticationFilter(AuthenticateUseCase authentication, SurfaceErrors surfaces) {
        this.authentication = Objects.requireNonNull(authentication);
        this.surfaces = Objects.requireNonNull(surfaces);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Principal principal = new Principal.Nobody();
        if (surfaces.owns(path)) {
            if (AuthorizationHeader.isAbsent(header)) {
                if (surfaces.requiresCredential(path)) {
                    request.abortWith(surfaces.toResponse(path, new Unauthenticated(Unauthenticated.Reason.MISSING)));
                    return;
                }
            } else {
                Optional<Principal> found = AuthorizationHeader.credential(header, SCHEMES)
                        .flatMap(authentication::authenticate);
                if (found.isEmpty()) {
                    request.abortWith(surfaces.toResponse(path, new Unauthenticated(Unauthenticated.Reason.INVALID)));
                    return;
                }
                principal = found.get();
            }
        }
        request.setSecurityContext(new CallerContext(Access.of(principal, request.getHeaderString(Access.PROJECT_HEADER)),
                request.getSecurityContext() != null && request.getSecurityContext().isSecure()));
    }
}
