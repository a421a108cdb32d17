package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** REST adapter: picks the error format of the surface a request path belongs to. */
public final class SurfaceErrors {

    private final List<ErrorFormat> formats;

    public SurfaceErrors(ErrorFormat... formats) {
        this.formats = List.of(formats);
    }

    /** Whether {@code path} belongs to one of the surfaces. */
    public boolean owns(String path) {
        String relative = relative(path);
        return formats.stream().anyMatch(format -> format.owns(relative));
    }

    /** Whether {@code path} belongs to one of the surfaces and that surface wants a credential for it. */
    public boolean requiresCredential(String path) {
        String relative = relative(path);
        return formats.stream().anyMatch(format -> format.owns(relative) && format.requiresCredential(relative));
    }

    public Response toResponse(String path, Throwable error) {
        String relative = relative(path);
        for (ErrorFormat format : formats) {
            if (format.owns(relative)) {
                return format.toResponse(error);
            }
        }
        return fallback(error);
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** Paths no surface owns answer in a minimal {@code {message,status}} shape. */
    private static Response fallback(Throwable error) {
        HttpFailure failure = HttpFailure.classify(error);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", failure.message());
        body.put("status", failure.status());
        return Response.status(failure.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
