package org.firmament.adapters.rest.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Stream;
import org.firmament.adapters.rest.bundles.BundlesErrors;
import org.firmament.adapters.rest.deviceapi.DeviceApiErrors;
import org.firmament.adapters.rest.firmwareapi.FirmwareApiErrors;
import org.firmament.adapters.rest.imagemanager.ImageManagerErrors;
import org.firmament.adapters.rest.management.ManagementErrors;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.IllegalTransitionException;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.RuleViolationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every surface answers every kind of failure with the right status, in JSON, without internals. */
class ErrorFormatsTest {

    private static final List<ErrorFormat> SURFACES = List.of(new ImageManagerErrors(), new FirmwareApiErrors(),
            new BundlesErrors(), new ManagementErrors(), new DeviceApiErrors());

    static Stream<Arguments> failures() {
        List<Arguments> failures = List.of(
                Arguments.of(new Unauthenticated(Unauthenticated.Reason.MISSING), 401),
                Arguments.of(new Unauthenticated(Unauthenticated.Reason.INVALID), 401),
                Arguments.of(new InvalidValueException("version", "bad"), 400),
                Arguments.of(new RuleViolationException("components", "two of a type"), 400),
                Arguments.of(new MultipartUpload.MalformedUploadException("boundary"), 400),
                Arguments.of(new NotFoundException(NotFoundException.Subject.IMAGE, "x"), 404),
                Arguments.of(new jakarta.ws.rs.NotFoundException(), 404),
                Arguments.of(new NotAllowedException("GET"), 405),
                Arguments.of(new ConcurrentModificationException("image"), 409),
                Arguments.of(new AlreadyExistsException("device", "d1"), 409),
                Arguments.of(new InUseException("in a bundle"), 409),
                Arguments.of(new IllegalTransitionException("update is failed and cannot become succeeded"), 409),
                Arguments.of(new BinaryTooLargeException(10), 413),
                Arguments.of(new IllegalStateException("SELECT secret FROM internals"), 500),
                Arguments.of(new ServiceUnavailableException("db down at 10.0.0.7", null), 503));
        return SURFACES.stream().flatMap(surface -> failures.stream()
                .map(failure -> Arguments.of(surface.getClass().getSimpleName(), surface, failure.get()[0], failure.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {2} -> {3}")
    @MethodSource("failures")
    void eachFailureGetsItsStatusInTheSurfacesFormat(String name, ErrorFormat surface, Throwable failure, int status) {
        Response response = surface.toResponse(failure);
        assertEquals(status, response.getStatus());
        assertNotNull(response.getEntity());
        assertTrue(response.getMediaType().toString().endsWith("json"), response.getMediaType().toString());
        String body = response.getEntity().toString();
        assertFalse(body.contains("internals"), body);
        assertFalse(body.contains("10.0.0.7"), body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surfaces")
    void duplicatesAreAConflictExceptWhereTheSeedSaysOtherwise(String name, ErrorFormat surface) {
        int expected = surface instanceof FirmwareApiErrors ? 400 : 409;
        assertEquals(expected, surface.toResponse(new DuplicateVersionException("OKM", "1")).getStatus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writtenOutsideJaxRs")
    void anErrorWrittenOutsideJaxRsIsTheSurfacesAnswerAsJsonText(String path, String mediaType, String bodyStart) {
        SurfaceErrors.WrittenError written = new SurfaceErrors(SURFACES.toArray(ErrorFormat[]::new))
                .written(path, new ServiceUnavailableException("stopping at 10.0.0.7", null));
        assertEquals(503, written.status());
        assertEquals(mediaType, written.mediaType());
        assertTrue(written.body().startsWith(bodyStart), written.body());
        assertFalse(written.body().contains("10.0.0.7"), written.body());
    }

    static Stream<Arguments> writtenOutsideJaxRs() {
        return Stream.of(
                Arguments.of("/api/management/v1/projects", "application/problem+json", "{\"type\":\"about:blank\""),
                Arguments.of("/image/", "application/json", "{\"message\":"),
                Arguments.of("/api/v1/firmware", "application/json", "{\"errors\":"),
                Arguments.of("/health", "application/json", "{\"message\":"));
    }

    static Stream<Arguments> surfaces() {
        return SURFACES.stream().map(surface -> Arguments.of(surface.getClass().getSimpleName(), surface));
    }
}
