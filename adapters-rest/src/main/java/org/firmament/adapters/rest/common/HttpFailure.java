package org.firmament.adapters.rest.common;

import com.fasterxml.jackson.core.JacksonException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DomainException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.IllegalTransitionException;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.RuleViolationException;

/**
 * REST adapter: the HTTP status and a safe message for any failure. Surfaces start from this and
 * rephrase what their documents word differently; nothing internal (stack traces, SQL) leaks.
 */
public record HttpFailure(int status, String message) {

    public static HttpFailure classify(Throwable error) {
        if (error instanceof DomainException domain) {
            return fromDomain(domain);
        }
        if (error instanceof RangeNotSatisfiable unsatisfiable) {
            return new HttpFailure(416, unsatisfiable.getMessage());
        }
        if (error instanceof Unauthenticated) {
            return new HttpFailure(401, "Authorization required");
        }
        if (error instanceof Forbidden forbidden) {
            return new HttpFailure(403, forbidden.getMessage());
        }
        if (error instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return new HttpFailure(status.getStatusCode(), status.getReasonPhrase());
        }
        if (error instanceof BinaryTooLargeException tooLarge) {
            return new HttpFailure(413, "File is larger than the limit of " + tooLarge.limit() + " bytes");
        }
        if (error instanceof ServiceUnavailableException) {
            return new HttpFailure(503, "Service temporarily unavailable, try again later");
        }
        if (error instanceof MultipartUpload.MalformedUploadException malformed) {
            return new HttpFailure(400, "Malformed multipart body: " + malformed.getMessage());
        }
        if (error instanceof JacksonException) {
            return new HttpFailure(400, "Request body is not valid JSON");
        }
        if (error instanceof UncheckedIOException) {
            return new HttpFailure(400, "The request body could not be read completely");
        }
        return new HttpFailure(500, "Internal server error");
    }

    private static HttpFailure fromDomain(DomainException error) {
        if (error instanceof NotFoundException) {
            return new HttpFailure(404, error.getMessage());
        }
        if (error instanceof InvalidValueException || error instanceof RuleViolationException) {
            return new HttpFailure(400, error.getMessage());
        }
        if (error instanceof DuplicateVersionException || error instanceof ConcurrentModificationException
                || error instanceof AlreadyExistsException || error instanceof InUseException
                || error instanceof IllegalTransitionException) {
            return new HttpFailure(409, error.getMessage());
        }
        return new HttpFailure(500, "Internal server error");
    }

    public boolean isServerError() {
        return status >= 500;
    }
}
