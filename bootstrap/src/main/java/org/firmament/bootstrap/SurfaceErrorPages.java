package org.firmament.bootstrap;

import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.firmament.adapters.rest.common.SurfaceErrors;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Bootstrap: the answers Grizzly writes itself, without a handler (above all the 503 to a request
 * that arrives on an open connection while the server stops), in the error format of the surface
 * the path belongs to instead of Grizzly's HTML page. Grizzly closes the connection after each of
 * them ({@code Connection: close}).
 */
final class SurfaceErrorPages implements ErrorPageGenerator {

    private final SurfaceErrors errors;

    SurfaceErrorPages(SurfaceErrors errors) {
        this.errors = Objects.requireNonNull(errors);
    }

    /**
     * The surface's error body, which Grizzly writes through its writer: that always names a
     * charset, so the type says UTF-8 ({@code application/problem+json;charset=UTF-8}), which JSON
     * readers ignore.
     */
    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        SurfaceErrors.WrittenError answer = errors.written(request.getRequestURI(), failure(status));
        Response response = request.getResponse();
        // Grizzly writes text/html only when no type is set.
        response.setContentType(answer.mediaType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        return answer.body();
    }

    private static RuntimeException failure(int status) {
        if (status == 503) {
            return new ServiceUnavailableException("the server is stopping", null);
        }
        return new WebApplicationException(status);
    }
}
