package org.firmament.adapters.rest.imagemanager;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;
import java.util.Objects;
import org.firmament.application.port.in.AdminTokenUseCase;

/**
 * REST adapter, Image Manager surface: every request under {@code /image} needs
 * {@code Authorization: Bearer <admin token>}, else 401 with the seed's body. It runs before
 * resource matching, so an unauthenticated caller learns nothing about which paths exist.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ImageManagerAuthFilter implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    private final AdminTokenUseCase adminToken;
    private final ImageManagerErrors errors = new ImageManagerErrors();

    public ImageManagerAuthFilter(AdminTokenUseCase adminToken) {
        this.adminToken = Objects.requireNonNull(adminToken);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!errors.owns(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            request.abortWith(ImageManagerErrors.message(401, ImageManagerErrors.NO_TOKEN));
            return;
        }
        boolean bearer = header.length() > BEARER.length()
                && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER);
        String token = bearer ? header.substring(BEARER.length()).trim() : "";
        if (token.isEmpty() || !adminToken.isAdminToken(token)) {
            request.abortWith(ImageManagerErrors.message(401, ImageManagerErrors.INVALID_TOKEN));
        }
    }
}
