package org.firmament.adapters.rest.management;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.firmament.adapters.rest.common.Access;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.application.port.in.ChangeProjectCommand;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** REST adapter, management API: a project's settings, among them whether it allows public OTA. */
@Path("api/management/v1/projects/{projectId}")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class ProjectResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    @Context
    private HttpHeaders httpHeaders;

    public ProjectResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @GET
    public Map<String, Object> get(@PathParam("projectId") String projectId) {
        ProjectId project = PathIds.project(projectId);
        access().requireRead(project);
        return json(useCases.manageProjects().get(project));
    }

    @PATCH
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> change(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        ProjectId project = PathIds.project(projectId);
        access().requireWrite(project);
        JsonBody.Parsed parsed = JsonBody.read(body);
        if (!(parsed instanceof JsonBody.Valid json)) {
            throw new InvalidValueException("body", "The request body must be a JSON object with any of name, "
                    + "publicOta and defaultChannel");
        }
        Optional<String> name = optionalText(json, "name");
        Optional<Channel> defaultChannel = optionalText(json, "defaultChannel").map(Channel::of);
        Optional<Boolean> publicOta = Optional.empty();
        JsonNode flag = json.object().get("publicOta");
        if (flag != null) {
            if (!flag.isBoolean()) {
                throw new InvalidValueException("publicOta", "publicOta must be true or false");
            }
            publicOta = Optional.of(flag.booleanValue());
        }
        return json(useCases.manageProjects().change(new ChangeProjectCommand(project, name, publicOta, defaultChannel)));
    }

    private Access access() {
        return Access.of(security, httpHeaders);
    }

    private static Optional<String> optionalText(JsonBody.Valid json, String field) {
        if (!json.object().has(field)) {
            return Optional.empty();
        }
        return Optional.of(json.text(field)
                .orElseThrow(() -> new InvalidValueException(field, field + " must be a string")));
    }

    static Map<String, Object> json(Project project) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", project.id().value());
        json.put("name", project.name());
        json.put("publicOta", project.publicOta());
        json.put("defaultChannel", project.defaultChannel().value());
        return json;
    }
}
