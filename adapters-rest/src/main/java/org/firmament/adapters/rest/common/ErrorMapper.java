package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Objects;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST adapter: the one exception mapper. It hands every failure to the error format of the
 * surface the request belongs to, and logs what the client cannot be told.
 */
@Provider
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private static final String DEVICE_DOWNLOAD = "v1/ota/device/download/";

    private final SurfaceErrors errors;

    @Context
    private UriInfo uriInfo;

    public ErrorMapper(SurfaceErrors errors) {
        this.errors = Objects.requireNonNull(errors);
    }

    /** Seed 003's download path carries the device's token: logs show the path without it. */
    static String loggable(String path) {
        int download = path.indexOf(DEVICE_DOWNLOAD);
        return download < 0 ? path : path.substring(0, download + DEVICE_DOWNLOAD.length()) + "(redacted)";
    }

    @Override
    public Response toResponse(Throwable error) {
        String path = uriInfo == null ? "" : uriInfo.getPath();
        HttpFailure failure = HttpFailure.classify(error);
        if (error instanceof ServiceUnavailableException) {
            LOG.warn("{} /{}: {}", failure.status(), loggable(path), error.getMessage());
        } else if (failure.isServerError()) {
            LOG.error("{} /{}: unexpected failure", failure.status(), loggable(path), error);
        }
        Response response = errors.toResponse(path, error);
        if (error instanceof RangeNotSatisfiable unsatisfiable) {
            return Response.fromResponse(response).header("Content-Range", "bytes */" + unsatisfiable.size()).build();
        }
        return response;
    }
}
