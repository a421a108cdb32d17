package org.firmament.adapters.rest.management;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, management API: devices of a project. Registration answers the device's API key
 * (seed 002's device API key, seed 003's device token) this one time; only its hash is kept.
 */
@Path("api/management/v1/projects/{projectId}/devices")
@Produces({ManagementErrors.PROBLEM_JSON, MediaType.APPLICATION_JSON})
public final class DeviceResource {

    private final RestUseCases useCases;

    public DeviceResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response register(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        ProjectId project = ProjectResource.project(projectId);
        JsonBody.Parsed parsed = JsonBody.read(body);
        if (!(parsed instanceof JsonBody.Valid json)) {
            return ManagementErrors.problem(400, "The request body must be a JSON object with deviceClass, "
                    + "and optionally id and channel");
        }
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
                json.text("channel").map(Channel::of)));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", registered.device().id().value());
        device.put("projectId", registered.device().projectId().value());
        device.put("deviceClass", registered.device().deviceClass().value());
        device.put("channel", registered.device().channelOverride().map(Channel::value).orElse(null));
        device.put("apiKey", registered.apiKey());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(device).build();
    }
}
