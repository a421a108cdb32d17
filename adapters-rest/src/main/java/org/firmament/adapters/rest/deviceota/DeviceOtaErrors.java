package org.firmament.adapters.rest.deviceota;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;

/**
 * REST adapter, Device OTA surface (seed 003): every failure as {@code {"message": ...}}, plus
 * {@code "error"} where the document shows one, in the document's wording. The version query and
 * the download are public: a device calls them with its id (and token) in the path only.
 */
public final class DeviceOtaErrors implements ErrorFormat {

    static final String PREFIX = "v1/ota/device";
    static final String NO_SUCH_DEVICE = "No such device";
    /** The {@code error} of the download's 404: the same for an unknown device, a wrong token, no firmware and a binary gone. */
    static final String NO_DOWNLOAD = "Unknown device or token, or no firmware deployed to the device";
    static final String DEVICE_ID_NOT_VALID = "Device ID is not valid";
    static final String TOKEN_NOT_VALID = "Device token is not valid";
    static final String NOT_SEMANTIC = "version must be a semantic version (e.g. 1.5.7)";
    static final String NO_FILE = "No file uploaded";
    static final String LIST_FAILED = "Error when getting device OTA's.";
    static final String UPLOAD_FAILED = "Error when uploading firmware file";

    @Override
    public boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public boolean requiresCredential(String path) {
        return !(path.startsWith(PREFIX + "/latest/") || path.startsWith(PREFIX + "/download/"));
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated unauthenticated) {
            return message(401, unauthenticated.reason() == Unauthenticated.Reason.MISSING
                    ? "No authorization token was found"
                    : "Invalid authorization token");
        }
        if (error instanceof Unavailable unavailable) {
            HttpFailure failure = HttpFailure.classify(unavailable.getCause());
            return messageAndError(failure.status(), unavailable.surfaceMessage, failure.message());
        }
        if (error instanceof NotFoundException notFound && notFound.subject() == NotFoundException.Subject.DEVICE) {
            return message(404, NO_SUCH_DEVICE);
        }
        if (error instanceof NotFoundException notFound && notFound.subject() == NotFoundException.Subject.BINARY) {
            // Only a download meets a binary that is gone (released while it was being opened).
            return noSuchDevice(NO_DOWNLOAD);
        }
        if (error instanceof InvalidValueException invalid) {
            return message(400, switch (invalid.field()) {
                case "deviceId" -> DEVICE_ID_NOT_VALID;
                case "token" -> TOKEN_NOT_VALID;
                case "version" -> NOT_SEMANTIC;
                case "firmware", "content" -> NO_FILE;
                default -> invalid.getMessage();
            });
        }
        HttpFailure failure = HttpFailure.classify(error);
        return message(failure.status(), failure.message());
    }

    static Response message(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static Response messageAndError(int status, String message, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("error", error);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The document's 404 of the device-facing paths; {@code detail} never tells which check failed. */
    static Response noSuchDevice(String detail) {
        return messageAndError(404, NO_SUCH_DEVICE, detail);
    }

    /**
     * The database or the store could not be reached during an operation the document words its
     * failure for ("Error when uploading firmware file"); answered 503 with that message and a safe
     * {@code error}. A {@link ServiceUnavailableException} still, so it is logged as one.
     */
    static final class Unavailable extends ServiceUnavailableException {

        private final String surfaceMessage;

        Unavailable(String surfaceMessage, ServiceUnavailableException cause) {
            super(cause.getMessage(), cause);
            this.surfaceMessage = surfaceMessage;
        }
    }
}
