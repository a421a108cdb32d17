package org.firmament.adapters.rest.imagemanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.Map;
import org.firmament.adapters.rest.common.MultipartUpload;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

/** Every failure a request can raise becomes the seed's {@code {message, status}} body with the right status. */
class ImageManagerErrorsTest {

    private final ImageManagerErrors errors = new ImageManagerErrors();

    private Map<?, ?> body(Response response) {
        return (Map<?, ?>) response.getEntity();
    }

    private void assertShape(Response response, int status) {
        assertEquals(status, response.getStatus());
        assertEquals(status, body(response).get("status"));
        assertTrue(body(response).get("message") instanceof String);
        assertEquals("application/json", response.getMediaType().toString());
    }

    @Test
    void aMissingImageNamesTheIdAsTheDocumentShows() {
        Response response = errors.toResponse(new org.firmament.domain.NotFoundException(
                org.firmament.domain.NotFoundException.Subject.IMAGE, "efac"));
        assertShape(response, 404);
        assertEquals("No such image: efac", body(response).get("message"));
    }

    @Test
    void aMissingBinaryUsesTheDocumentsWording() {
        Response response = errors.toResponse(new org.firmament.domain.NotFoundException(
                org.firmament.domain.NotFoundException.Subject.BINARY, "x"));
        assertShape(response, 404);
        assertEquals("Image does not have an binary file", body(response).get("message"));
    }

    @Test
    void conflictsAre409() {
        assertShape(errors.toResponse(new DuplicateVersionException("FW", "1.0.0")), 409);
        assertShape(errors.toResponse(new ConcurrentModificationException("image")), 409);
    }

    @Test
    void invalidInputAndBrokenUploadsAre400() {
        assertShape(errors.toResponse(new InvalidValueException("content", "No file uploaded")), 400);
        assertShape(errors.toResponse(new MultipartUpload.MalformedUploadException("boundary")), 400);
        assertShape(errors.toResponse(new UncheckedIOException(new java.io.EOFException())), 400);
    }

    @Test
    void anOversizedUploadIs413() {
        assertShape(errors.toResponse(new BinaryTooLargeException(10)), 413);
    }

    @Test
    void anUnreachableDatabaseOrStoreIs503() {
        assertShape(errors.toResponse(new ServiceUnavailableException("down", null)), 503);
    }

    @Test
    void jaxRsRoutingFailuresKeepTheirStatus() {
        assertShape(errors.toResponse(new NotFoundException()), 404);
        assertShape(errors.toResponse(new NotAllowedException("GET")), 405);
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternalDetails() {
        Response response = errors.toResponse(new IllegalStateException("SELECT * FROM secret_table"));
        assertShape(response, 500);
        assertEquals("Internal server error", body(response).get("message"));
        assertFalse(body(response).toString().contains("secret_table"));
    }

    @Test
    void theSurfaceOwnsImagePathsOnly() {
        assertTrue(errors.owns("image"));
        assertTrue(errors.owns("image/abc/binary"));
        assertFalse(errors.owns("images"));
        assertFalse(errors.owns("health"));
    }
}
