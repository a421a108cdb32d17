package org.firmament.adapters.rest.common;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import java.util.Objects;
import org.firmament.application.port.in.AdminTokenUseCase;

/**
 * REST adapter: every request to a surface's paths needs {@code Authorization: Bearer <admin
 * token>}; without it the surface's own 401 answers. It runs before resource matching, so an
 * unauthenticated caller learns nothing about which paths exist. Public paths ({@code /health},
 * and those a surface declares public) pass.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {

    private static final Set<String> BEARER = Set.of("bearer");

    private final AdminTokenUseCase adminToken;
    private final SurfaceErrors surfaces;

    public BearerTokenFilter(AdminTokenUseCase adminToken, SurfaceErrors surfaces) {
        this.adminToken = Objects.requireNonNull(adminToken);
        this.surfaces = Objects.requireNonNull(surfaces);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!surfaces.requiresCredential(path)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (AuthorizationHeader.isAbsent(header)) {
            request.abortWith(surfaces.toResponse(path, new Unauthenticated(Unauthenticated.Reason.MISSING)));
            return;
        }
        boolean admin = AuthorizationHeader.credential(header, BEARER).map(adminToken::isAdminToken).orElse(false);
        if (!admin) {
            request.abortWith(surfaces.toResponse(path, new Unauthenticated(Unauthenticated.Reason.INVALID)));
        }
    }
}
