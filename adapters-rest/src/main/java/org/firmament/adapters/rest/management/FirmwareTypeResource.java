package org.firmament.adapters.rest.management;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.application.port.in.CreateFirmwareTypeCommand;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/** REST adapter, management API: a project's firmware types and the version scheme of each. */
@Path("api/management/v1/projects/{projectId}/firmware-types")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class FirmwareTypeResource {

    /** The wire names of the version schemes, for messages. */
    private static final String SCHEMES = Arrays.stream(VersionScheme.values())
            .map(scheme -> "\"" + ManagementJson.name(scheme) + "\"").collect(Collectors.joining(", "));

    /** A type's own path; the name is encoded as a path segment (a space is {@code %20}, a slash {@code %2F}). */
    private static final String LOCATION = "/api/management/v1/projects/{projectId}/firmware-types/{name}";

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public FirmwareTypeResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    /** All the project's types, ordered by name: a project has few, so this listing has no pages. */
    @GET
    public Map<String, Object> list(@PathParam("projectId") String projectId) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firmwareTypes", useCases.manageFirmwareTypes().list(project).stream()
                .map(FirmwareTypeResource::json).toList());
        return body;
    }

    /** Creates a type from {@code name} and {@code versionScheme}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        JsonBody.Valid json = ManagementJson.object(JsonBody.read(body), "name and versionScheme", "name",
                "versionScheme");
        String nameText = ManagementJson.requiredText(json, "name");
        FirmwareTypeName name = ManagementJson.as("name", () -> FirmwareTypeName.of(nameText));
        String schemeText = ManagementJson.requiredText(json, "versionScheme");
        VersionScheme scheme = ManagementJson.parse(VersionScheme.class, schemeText).orElseThrow(() ->
                new InvalidValueException("versionScheme", "versionScheme must be one of " + SCHEMES));
        FirmwareType type = useCases.manageFirmwareTypes().create(new CreateFirmwareTypeCommand(project, name, scheme),
                access.actor());
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, UriBuilder.fromPath(LOCATION)
                        .build(project.value(), name.value()).toString())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(type))
                .build();
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("projectId") String projectId, @PathParam("name") String name) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        return json(useCases.manageFirmwareTypes().get(project, PathIds.firmwareType(name)));
    }

    /** Deletes a type that has no images. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("projectId") String projectId, @PathParam("name") String name) {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        useCases.manageFirmwareTypes().delete(project, PathIds.firmwareType(name), access.actor());
        return Response.noContent().build();
    }

    static Map<String, Object> json(FirmwareType type) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", type.name().value());
        json.put("versionScheme", ManagementJson.name(type.scheme()));
        json.put("createdAt", type.createdAt().toString());
        return json;
    }
}
