package org.firmament.adapters.rest.imagemanager;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;

/**
 * REST adapter, Image Manager surface (seed 001): every failure as {@code {"message", "status"}},
 * with the document's wording for its 404s, and the per-field {@code errors} map for input that
 * fails validation.
 */
public final class ImageManagerErrors implements ErrorFormat {

    static final String NO_TOKEN = "No authorization token has been supplied";
    static final String INVALID_TOKEN = "Invalid authorization token";
    static final String NO_BINARY = "Image does not have an binary file";

    @Override
    public boolean owns(String path) {
        return path.equals("image") || path.startsWith("image/");
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated unauthenticated) {
            return message(401, unauthenticated.reason() == Unauthenticated.Reason.MISSING ? NO_TOKEN : INVALID_TOKEN);
        }
        if (error instanceof NotFoundException notFound) {
            return message(404, switch (notFound.subject()) {
                case BINARY -> NO_BINARY;
                case PROJECT -> "No such project: " + notFound.id();
                default -> "No such image: " + notFound.id();
            });
        }
        if (error instanceof DuplicateVersionException duplicate) {
            return message(409, "An image with label " + duplicate.typeName() + " and fw_version "
                    + duplicate.version() + " already exists");
        }
        HttpFailure failure = HttpFailure.classify(error);
        return message(failure.status(), failure.message());
    }

    static Response message(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("status", status);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The 400 of "Create a New Image": {@code {"message": "failed to parse input", "errors": {field: [..]}}}. */
    static Response invalidInput(Map<String, List<String>> fieldErrors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "failed to parse input");
        body.put("errors", fieldErrors);
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The wire name of a domain field, for the {@code errors} map. */
    static String wireField(InvalidValueException error) {
        return switch (error.field()) {
            case "type" -> "label";
            case "version" -> "fw_version";
            default -> error.field();
        };
    }
}
