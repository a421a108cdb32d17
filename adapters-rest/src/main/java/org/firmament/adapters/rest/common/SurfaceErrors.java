package org.firmament.adapters.rest.common;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    /** An error answer as text, for a server that writes it without JAX-RS. */
    public record WrittenError(int status, String mediaType, String body) {
    }

    /**
     * {@link #toResponse} written out (status, media type, JSON body): for answers the HTTP server
     * gives without the application, such as a 503 to a request that arrives while it stops.
     */
    public WrittenError written(String path, Throwable error) {
        Response response = toResponse(path, error);
        try {
            return new WrittenError(response.getStatus(), response.getMediaType().toString(),
                    JsonMapperProvider.MAPPER.writeValueAsString(response.getEntity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is a map of plain values", e);
        }
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
