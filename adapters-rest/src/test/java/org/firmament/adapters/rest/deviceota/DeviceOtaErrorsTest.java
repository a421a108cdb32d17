package org.firmament.adapters.rest.deviceota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.junit.jupiter.api.Test;

/** Every failure of the Device OTA surface becomes {@code {"message"}} (plus {@code "error"} where the document has one). */
class DeviceOtaErrorsTest {

    private final DeviceOtaErrors errors = new DeviceOtaErrors();

    private static Map<?, ?> body(Response response) {
        return (Map<?, ?>) response.getEntity();
    }

    private static void assertMessage(Response response, int status, String message) {
        assertEquals(status, response.getStatus());
        assertEquals(Map.of("message", message), body(response));
        assertEquals("application/json", response.getMediaType().toString());
    }

    @Test
    void theSurfaceOwnsItsPrefixAndOnlyTheVersionQueryAndDownloadArePublic() {
        assertTrue(errors.owns("v1/ota/device"));
        assertTrue(errors.owns("v1/ota/device/latest/x"));
        assertFalse(errors.owns("v1/ota/devices"));
        assertTrue(errors.requiresCredential("v1/ota/device"));
        assertTrue(errors.requiresCredential("v1/ota/device/latest"));
        assertTrue(errors.requiresCredential("v1/ota/device/other"));
        assertFalse(errors.requiresCredential("v1/ota/device/latest/abc"));
        assertFalse(errors.requiresCredential("v1/ota/device/download/abc"));
    }

    @Test
    void anUnreachableBackingServiceIs503WithTheDocumentsMessageAndASafeError() {
        ServiceUnavailableException cause = new ServiceUnavailableException("jdbc:h2:/secret/path refused", null);
        for (String message : new String[] {DeviceOtaErrors.LIST_FAILED, DeviceOtaErrors.UPLOAD_FAILED}) {
            Response response = errors.toResponse(new DeviceOtaErrors.Unavailable(message, cause));
            assertEquals(503, response.getStatus());
            assertEquals(message, body(response).get("message"));
            assertTrue(body(response).get("error") instanceof String error && !error.contains("secret"));
        }
    }

    @Test
    void aBinaryGoneWhileADownloadOpensIt_isTheDownloadsOwn404() {
        Response response = errors.toResponse(new NotFoundException(NotFoundException.Subject.BINARY, "0b1d"));
        assertEquals(404, response.getStatus());
        assertEquals(Map.of("message", DeviceOtaErrors.NO_SUCH_DEVICE, "error", DeviceOtaErrors.NO_DOWNLOAD),
                body(response));
    }

    @Test
    void domainFailuresUseTheDocumentsWording() {
        assertMessage(errors.toResponse(new NotFoundException(NotFoundException.Subject.DEVICE, "x")), 404,
                "No such device");
        assertMessage(errors.toResponse(new InvalidValueException("deviceId", "…")), 400, "Device ID is not valid");
        assertMessage(errors.toResponse(new InvalidValueException("token", "…")), 400, "Device token is not valid");
        assertMessage(errors.toResponse(new InvalidValueException("version", "…")), 400,
                "version must be a semantic version (e.g. 1.5.7)");
        assertMessage(errors.toResponse(new InvalidValueException("firmware", "…")), 400, "No file uploaded");
    }

    @Test
    void otherFailuresKeepTheirStatusInTheMessageShape() {
        assertEquals(401, errors.toResponse(new Unauthenticated(Unauthenticated.Reason.MISSING)).getStatus());
        assertEquals(401, errors.toResponse(new Unauthenticated(Unauthenticated.Reason.INVALID)).getStatus());
        Response tooLarge = errors.toResponse(new BinaryTooLargeException(10));
        assertEquals(413, tooLarge.getStatus());
        assertEquals(1, body(tooLarge).size());
        assertEquals(404, errors.toResponse(new jakarta.ws.rs.NotFoundException()).getStatus());
        assertMessage(errors.toResponse(new IllegalStateException("internal detail")), 500, "Internal server error");
    }
}
