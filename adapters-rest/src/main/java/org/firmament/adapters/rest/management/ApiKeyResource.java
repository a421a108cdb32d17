package org.firmament.adapters.rest.management;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.application.port.in.ManageApiKeysUseCase;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Role;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, management API: a project's API keys. Creation answers the secret this one time;
 * lists never show it; deleting a key revokes it.
 */
@Path("api/management/v1/projects/{projectId}/keys")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class ApiKeyResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public ApiKeyResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        JsonBody.Valid json = ManagementJson.object(JsonBody.read(body), "name and role", "name", "role");
        String name = json.text("name")
                .orElseThrow(() -> new InvalidValueException("name", "name is required and must be a string"));
        Role role = Role.parse(json.text("role")
                .orElseThrow(() -> new InvalidValueException("role", "role is required: \"read\" or \"write\"")));
        ManageApiKeysUseCase.CreatedApiKey created = useCases.manageApiKeys().create(project, name, role,
                access.actor());
        Map<String, Object> key = json(created.key());
        key.put("key", created.secret());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(key).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("projectId") String projectId) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keys", useCases.manageApiKeys().list(project).stream().map(ApiKeyResource::json).toList());
        return body;
    }

    @DELETE
    @Path("{keyId}")
    public Response revoke(@PathParam("projectId") String projectId, @PathParam("keyId") String keyId) {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        useCases.manageApiKeys().revoke(project, keyId(keyId), access.actor());
        return Response.noContent().build();
    }

    /** An id no key could have names no key: "not found", like any other unknown id. */
    private static ApiKeyId keyId(String text) {
        try {
            return ApiKeyId.of(text);
        } catch (InvalidValueException malformed) {
            throw new NotFoundException(NotFoundException.Subject.API_KEY, text);
        }
    }

    private static Map<String, Object> json(ApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id().value());
        json.put("projectId", key.projectId().value());
        json.put("name", key.name());
        json.put("role", key.role().wireName());
        json.put("createdAt", key.createdAt().toString());
        return json;
    }
}
