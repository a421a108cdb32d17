package org.firmament.adapters.rest.bundles;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.Forbidden;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.NotFoundException;

/**
 * REST adapter, bundles surface (seed 002): failures as {@code {"reason": "...", "message": "..."}}.
 * The document gives status codes only; the reason codes are Firmament's, listed in
 * docs/api/bundles.md. Credentials are checked by the resources themselves, because
 * {@code GET /bundles} also serves callers without one.
 */
public final class BundlesErrors implements ErrorFormat {

    @Override
    public boolean owns(String path) {
        return path.equals("bundles") || path.startsWith("bundles/") || path.startsWith("devices/");
    }

    @Override
    public boolean requiresCredential(String path) {
        return false;
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated) {
            return error(401, "AUTHORIZATION_REQUIRED", "Authorization is required to access this resource.");
        }
        if (error instanceof Forbidden forbidden) {
            return error(403, "PERMISSION_DENIED", forbidden.getMessage());
        }
        if (error instanceof NotFoundException notFound) {
            return error(404, notFound.subject().name() + "_NOT_FOUND", notFound.getMessage());
        }
        HttpFailure failure = HttpFailure.classify(error);
        String reason = switch (failure.status()) {
            case 400 -> "INVALID_INPUT";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 409 -> "CONFLICT";
            case 413 -> "TOO_LARGE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> failure.status() >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
        return error(failure.status(), reason, failure.message());
    }

    static Response error(int status, String reason, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
