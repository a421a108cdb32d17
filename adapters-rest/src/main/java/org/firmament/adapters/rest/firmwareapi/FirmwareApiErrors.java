package org.firmament.adapters.rest.firmwareapi;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.NotFoundException;

/**
 * REST adapter, Firmware API surface (seed 000): every failure as
 * {@code {"errors": [{"status": ..., "detail": ...}]}}, with the document's wording where it has one.
 */
public final class FirmwareApiErrors implements ErrorFormat {

    static final String DUPLICATE = "duplicate key value violates unique constraint \"firmware_type_version_key\"";
    static final String NOT_FOUND = "The firmware entry was not found.";
    static final String UPDATE_FAILED = "Failed to update firmware";

    @Override
    public boolean owns(String path) {
        return path.equals("api/v1/firmware") || path.startsWith("api/v1/firmware/");
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated unauthenticated) {
            return errors(401, unauthenticated.reason() == Unauthenticated.Reason.MISSING
                    ? "An accessToken is required."
                    : "The accessToken is invalid or has been revoked.");
        }
        if (error instanceof DuplicateVersionException) {
            return errors(400, DUPLICATE);
        }
        if (error instanceof NotFoundException notFound) {
            return errors(404, switch (notFound.subject()) {
                case FIRMWARE_TYPE -> "Unknown firmware type: " + notFound.id();
                case PROJECT -> "Unknown project: " + notFound.id();
                default -> NOT_FOUND;
            });
        }
        HttpFailure failure = HttpFailure.classify(error);
        return errors(failure.status(), failure.message());
    }

    static Response errors(int status, String... details) {
        return errors(status, List.of(details));
    }

    static Response errors(int status, List<String> details) {
        List<Map<String, Object>> errors = details.stream().map(detail -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", status);
            error.put("detail", detail);
            return error;
        }).toList();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("errors", errors)).build();
    }
}
