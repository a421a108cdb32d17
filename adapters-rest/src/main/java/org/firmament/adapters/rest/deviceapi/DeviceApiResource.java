package org.firmament.adapters.rest.deviceapi;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.Forbidden;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.rest.management.ManagementErrors;
import org.firmament.adapters.rest.management.ManagementJson;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;

/**
 * REST adapter, device API ({@code /api/devices/v1}, Firmament's own): a device, with its key,
 * asks what to install now and reports how far it got. Devices only; an operator's credential is 403.
 */
@Path("api/devices/v1/updates")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class DeviceApiResource {

    private final RestUseCases useCases;
    private final CheckInAnswer.Renderer renderer;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uriInfo;

    public DeviceApiResource(RestUseCases useCases, DownloadLinks links) {
        this.useCases = Objects.requireNonNull(useCases);
        this.renderer = new CheckInAnswer.Renderer(links);
    }

    /**
     * The update to install now (200), or none (204). The device may state what it runs:
     * {@code installed=<type>:<version>} once per firmware type, {@code bundle=<bundle id>}.
     */
    @GET
    public Response checkIn(@QueryParam("installed") List<String> installed, @QueryParam("bundle") String bundle,
                            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CheckInAnswer answer = CheckInAnswer.of(useCases, renderer, callingDevice(), stated(installed, bundle),
                Access.of(security).actor(), ifNoneMatch, uriInfo.getBaseUri());
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.body().ifPresent(body -> response.entity(body.toByteArray()).type(MediaType.APPLICATION_JSON_TYPE));
        answer.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
        return response.build();
    }

    /** What the device states it runs, from the check-in's query; {@link InvalidValueException} when malformed. */
    public static DeviceCheckInUseCase.Stated stated(List<String> installed, String bundle) {
        if ((installed == null || installed.isEmpty()) && bundle == null) {
            // The one instance, not one per check-in: most devices state nothing.
            return DeviceCheckInUseCase.Stated.NOTHING;
        }
        return new DeviceCheckInUseCase.Stated(installedVersions(installed),
                Optional.ofNullable(bundle).map(text -> ManagementJson.as("bundle", () -> BundleId.of(text))));
    }

    /**
     * The device reports progress on one of its updates: {@code status} (downloading, installing,
     * succeeded, failed), a {@code message} (required when it failed), and optionally what it runs
     * now ({@code installed}: type to version; {@code bundleId}).
     */
    @POST
    @Path("{updateId}/status")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> report(@PathParam("updateId") String updateId, InputStream body) throws IOException {
        Device device = callingDevice();
        UUID id = PathIds.deviceUpdate(updateId);
        JsonBody.Valid json = ManagementJson.object(JsonBody.read(body),
                "status, and optionally message, installed and bundleId", "status", "message", "installed", "bundleId");
        String statusText = ManagementJson.requiredText(json, "status");
        UpdateState state = ManagementJson.parse(UpdateState.class, statusText).filter(UpdateState::isReportable)
                .orElseThrow(() -> new InvalidValueException("status",
                        "status must be downloading, installing, succeeded or failed"));
        Optional<String> message = ManagementJson.optionalText(json, "message");
        if (state == UpdateState.FAILED && message.filter(text -> !text.isBlank()).isEmpty()) {
            throw new InvalidValueException("message", "a failed update needs a message saying what went wrong");
        }
        Optional<BundleId> bundle = ManagementJson.optionalText(json, "bundleId")
                .map(text -> ManagementJson.as("bundleId", () -> BundleId.of(text)));
        DeviceCheckInUseCase.StatusReport report = new DeviceCheckInUseCase.StatusReport(state, message,
                new DeviceCheckInUseCase.Stated(installedObject(json.object().get("installed")), bundle));
        OfferedUpdate update = useCases.deviceCheckIn().report(device, id, report, Access.of(security).actor());
        return OfferedUpdateJson.record(update);
    }

    private Device callingDevice() {
        return Access.of(security).device()
                .orElseThrow(() -> new Forbidden("Only a device key may use the device API"));
    }

    /** If-None-Match with weak comparison (RFC 9110, 13.1.2): {@code *} or any listed tag equal but for W/. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.substring(2);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** {@code installed=<type>:<version>}, split at the first colon; empty when none is given. */
    private static Optional<InstalledVersions> installedVersions(List<String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return Optional.empty();
        }
        if (parameters.size() > InstalledVersions.MAX_TYPES) {
            throw new InvalidValueException("installed", "at most " + InstalledVersions.MAX_TYPES
                    + " installed versions");
        }
        Map<FirmwareTypeName, FirmwareVersion> versions = new LinkedHashMap<>();
        for (String parameter : parameters) {
            int colon = parameter.indexOf(':');
            if (colon <= 0 || colon == parameter.length() - 1) {
                throw new InvalidValueException("installed", "installed must be written <type>:<version>");
            }
            FirmwareTypeName type = ManagementJson.as("installed",
                    () -> FirmwareTypeName.of(parameter.substring(0, colon)));
            FirmwareVersion version = ManagementJson.as("installed",
                    () -> FirmwareVersion.of(parameter.substring(colon + 1)));
            if (versions.put(type, version) != null) {
                throw new InvalidValueException("installed", "installed names type " + type + " twice");
            }
        }
        return Optional.of(new InstalledVersions(versions));
    }

    /** The body's {@code installed}: an object of type name to version string. */
    private static Optional<InstalledVersions> installedObject(JsonNode installed) {
        if (installed == null) {
            return Optional.empty();
        }
        if (!installed.isObject()) {
            throw new InvalidValueException("installed", "installed must be an object of firmware type to version");
        }
        if (installed.size() > InstalledVersions.MAX_TYPES) {
            throw new InvalidValueException("installed", "at most " + InstalledVersions.MAX_TYPES
                    + " installed versions");
        }
        Map<FirmwareTypeName, FirmwareVersion> versions = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = installed.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new InvalidValueException("installed", "each installed version must be a string");
            }
            versions.put(ManagementJson.as("installed", () -> FirmwareTypeName.of(field.getKey())),
                    ManagementJson.as("installed", () -> FirmwareVersion.of(field.getValue().textValue())));
        }
        return Optional.of(new InstalledVersions(versions));
    }
}
