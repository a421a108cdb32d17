package org.firmament.adapters.rest.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.application.port.in.ManageDevicesUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.QueryDeviceUpdatesUseCase;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, management API: devices of a project. Registration and key rotation answer the device's API key
 * (seed 002's device API key, seed 003's device token) this one time; only its hash is kept.
 */
@Path("api/management/v1/projects/{projectId}/devices")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class DeviceResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public DeviceResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response register(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        JsonBody.Valid json = ManagementJson.object(JsonBody.read(body),
                "deviceClass, and optionally id and channel", "id", "deviceClass", "channel");
        Optional<String> deviceClass = json.text("deviceClass");
        if (deviceClass.isEmpty()) {
            return ManagementErrors.problem(400, "deviceClass is required and must be a string");
        }
        for (String optional : new String[] {"id", "channel"}) {
            if (json.object().hasNonNull(optional) && json.text(optional).isEmpty()) {
                return ManagementErrors.problem(400, optional + " must be a string");
            }
        }
        RegisterDeviceUseCase.RegisteredDevice registered = useCases.registerDevice().register(new RegisterDeviceCommand(
                project, json.text("id").map(DeviceId::of), DeviceClass.of(deviceClass.get()),
                json.text("channel").map(Channel::of)), access.actor());
        Map<String, Object> device = json(registered.device());
        device.put("apiKey", registered.apiKey());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(device).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("projectId") String projectId,
                                    @QueryParam("deviceClass") String deviceClass,
                                    @QueryParam("channel") String channel,
                                    @QueryParam("offset") @DefaultValue("0") String offset,
                                    @QueryParam("limit") @DefaultValue(ManagementJson.DEFAULT_LIMIT) String limit) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        int first = ManagementJson.number("offset", offset);
        int size = ManagementJson.number("limit", limit);
        ManageDevicesUseCase.DevicePage page = useCases.manageDevices().list(project,
                Optional.ofNullable(deviceClass).map(DeviceClass::of), Optional.ofNullable(channel).map(Channel::of),
                first, size);
        return ManagementJson.page("devices", page.devices().stream().map(DeviceResource::json).toList(), page.total(),
                first, size);
    }

    @GET
    @Path("{deviceId}")
    public Map<String, Object> get(@PathParam("projectId") String projectId, @PathParam("deviceId") String deviceId) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        DeviceId id = PathIds.device(deviceId);
        Map<String, Object> device = json(useCases.manageDevices().get(project, id));
        device.put("update", useCases.queryDeviceUpdates().current(project, id).map(OfferedUpdateJson::record)
                .orElse(null));
        return device;
    }

    /** The updates the device API offered the device, most recent first, and how far it got with each. */
    @GET
    @Path("{deviceId}/updates")
    public Map<String, Object> updates(@PathParam("projectId") String projectId, @PathParam("deviceId") String deviceId,
                                       @QueryParam("offset") @DefaultValue("0") String offset,
                                       @QueryParam("limit") @DefaultValue(ManagementJson.DEFAULT_LIMIT) String limit) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        DeviceId id = PathIds.device(deviceId);
        PageRequest page = ManagementJson.page(offset, limit);
        QueryDeviceUpdatesUseCase.UpdatePage updates = useCases.queryDeviceUpdates().history(project, id, page);
        return ManagementJson.page("updates", updates.updates().stream().map(OfferedUpdateJson::record).toList(),
                updates.total(), page.offset(), page.limit());
    }

    /**
     * Changes {@code deviceClass}, {@code channel} (the override; {@code null} returns the device to
     * its project's channel) and/or {@code pin} ({@code null} removes it).
     */
    @PATCH
    @Path("{deviceId}")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> change(@PathParam("projectId") String projectId, @PathParam("deviceId") String deviceId,
                                      InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        DeviceId id = PathIds.device(deviceId);
        JsonBody.Valid json = ManagementJson.change(JsonBody.read(body), "deviceClass, channel and/or pin",
                "deviceClass", "channel", "pin");
        Optional<DeviceClass> deviceClass = Optional.empty();
        if (json.object().has("deviceClass")) {
            deviceClass = Optional.of(DeviceClass.of(json.text("deviceClass")
                    .orElseThrow(() -> new InvalidValueException("deviceClass", "deviceClass must be a string"))));
        }
        Optional<Channel> channel = Optional.empty();
        boolean clearChannel = json.object().has("channel") && json.object().get("channel").isNull();
        if (json.object().has("channel") && !clearChannel) {
            channel = Optional.of(Channel.of(json.text("channel")
                    .orElseThrow(() -> new InvalidValueException("channel", "channel must be a string or null"))));
        }
        boolean clearPin = json.object().has("pin") && json.object().get("pin").isNull();
        Optional<UpdatePin> pin = json.object().has("pin") && !clearPin
                ? Optional.of(pin(json.object().get("pin"))) : Optional.empty();
        return json(useCases.manageDevices().change(new ManageDevicesUseCase.ChangeDeviceCommand(project, id,
                deviceClass, channel, clearChannel, pin, clearPin), access.actor()));
    }

    /** {@code {"bundleId": ...}} or {@code {"type": ..., "version": ...}}. */
    private static UpdatePin pin(JsonNode pin) {
        if (!(pin instanceof ObjectNode object)) {
            throw new InvalidValueException("pin", "pin must be an object with bundleId, or with type and version, or null");
        }
        JsonBody.Valid json = ManagementJson.object(new JsonBody.Valid(object), "bundleId, or type and version",
                "bundleId", "type", "version");
        if (object.has("bundleId")) {
            if (object.has("type") || object.has("version")) {
                throw new InvalidValueException("pin", "pin names a bundleId, or a type and a version, not both");
            }
            String bundle = ManagementJson.requiredText(json, "bundleId");
            return new UpdatePin.PinnedBundle(ManagementJson.as("bundleId", () -> BundleId.of(bundle)));
        }
        String type = ManagementJson.requiredText(json, "type");
        String version = ManagementJson.requiredText(json, "version");
        return new UpdatePin.PinnedVersion(ManagementJson.as("type", () -> FirmwareTypeName.of(type)),
                ManagementJson.as("version", () -> FirmwareVersion.of(version)));
    }

    @DELETE
    @Path("{deviceId}")
    public Response delete(@PathParam("projectId") String projectId, @PathParam("deviceId") String deviceId) {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        useCases.manageDevices().delete(project, PathIds.device(deviceId), access.actor());
        return Response.noContent().build();
    }

    /** A new API key for the device, shown only in this answer; the old one stops working at once. */
    @POST
    @Path("{deviceId}/key")
    public Map<String, Object> rotateKey(@PathParam("projectId") String projectId,
                                         @PathParam("deviceId") String deviceId) {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        RegisterDeviceUseCase.RegisteredDevice rotated = useCases.manageDevices()
                .rotateKey(project, PathIds.device(deviceId), access.actor());
        Map<String, Object> body = json(rotated.device());
        body.put("apiKey", rotated.apiKey());
        return body;
    }

    static Map<String, Object> json(Device device) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", device.id().value());
        json.put("projectId", device.projectId().value());
        json.put("deviceClass", device.deviceClass().value());
        json.put("channel", device.channelOverride().map(Channel::value).orElse(null));
        json.put("installedBundleId", device.installedBundle().map(BundleId::value).orElse(null));
        Map<String, Object> versions = new LinkedHashMap<>();
        device.installedVersions().versions().forEach((type, version) -> versions.put(type.value(), version.value()));
        json.put("installedVersions", versions);
        json.put("pin", device.pin().map(DeviceResource::json).orElse(null));
        json.put("lastSeen", device.lastSeen().map(Instant::toString).orElse(null));
        return json;
    }

    private static Map<String, Object> json(UpdatePin pin) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (pin instanceof UpdatePin.PinnedBundle bundle) {
            json.put("bundleId", bundle.bundleId().value());
        } else if (pin instanceof UpdatePin.PinnedVersion version) {
            json.put("type", version.type().value());
            json.put("version", version.version().value());
        }
        return json;
    }
}
