package org.firmament.adapters.rest.management;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.application.port.in.ChangeProjectCommand;
import org.firmament.application.port.in.CreateProjectCommand;
import org.firmament.application.port.in.ManageProjectsUseCase;
import org.firmament.application.port.in.PageRequest;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** REST adapter, management API: projects (tenants) and their settings, among them whether they allow public OTA. */
@Path("api/management/v1/projects")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class ProjectResource {

    private static final String PATH = "/api/management/v1/projects/";

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public ProjectResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @GET
    public Map<String, Object> list(@QueryParam("offset") @DefaultValue("0") String offset,
                                    @QueryParam("limit") @DefaultValue(ManagementJson.DEFAULT_LIMIT) String limit) {
        PageRequest page = ManagementJson.page(offset, limit);
        Access access = Access.of(security);
        access.requireOperator();
        ManageProjectsUseCase.ProjectPage projects = access.visibleProjects()
                .map(visible -> useCases.manageProjects().list(visible, page))
                .orElseGet(() -> useCases.manageProjects().list(page));
        return ManagementJson.page("projects", projects.projects().stream().map(ProjectResource::json).toList(),
                projects.total(), page.offset(), page.limit());
    }

    /** Creates a project from {@code name}, optionally {@code publicOta} and {@code defaultChannel}; the id is the server's. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) throws IOException {
        Access access = Access.of(security);
        access.requireAdmin();
        JsonBody.Valid json = ManagementJson.object(JsonBody.read(body),
                "name, and optionally publicOta and defaultChannel", "name", "publicOta", "defaultChannel");
        String name = ManagementJson.requiredText(json, "name");
        Optional<Boolean> publicOta = ManagementJson.optionalBoolean(json, "publicOta");
        Optional<Channel> defaultChannel = ManagementJson.optionalText(json, "defaultChannel")
                .map(channel -> ManagementJson.as("defaultChannel", () -> Channel.of(channel)));
        Project project = useCases.manageProjects().create(new CreateProjectCommand(name, publicOta, defaultChannel),
                access.actor());
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, PATH + project.id())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(project))
                .build();
    }

    @GET
    @Path("{projectId}")
    public Map<String, Object> get(@PathParam("projectId") String projectId) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        return json(useCases.manageProjects().get(project));
    }

    @PATCH
    @Path("{projectId}")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> change(@PathParam("projectId") String projectId, InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.requireWrite(PathIds.project(projectId));
        JsonBody.Valid json = ManagementJson.change(JsonBody.read(body), "any of name, publicOta and defaultChannel",
                "name", "publicOta", "defaultChannel");
        Optional<String> name = ManagementJson.optionalText(json, "name");
        Optional<Channel> defaultChannel = ManagementJson.optionalText(json, "defaultChannel")
                .map(channel -> ManagementJson.as("defaultChannel", () -> Channel.of(channel)));
        Optional<Boolean> publicOta = ManagementJson.optionalBoolean(json, "publicOta");
        return json(useCases.manageProjects().change(new ChangeProjectCommand(project, name, publicOta, defaultChannel),
                access.actor()));
    }

    /** Deletes an empty project other than project 1, with its firmware types that have no images. */
    @DELETE
    @Path("{projectId}")
    public Response delete(@PathParam("projectId") String projectId) {
        Access access = Access.of(security);
        access.requireAdmin();
        useCases.manageProjects().delete(PathIds.project(projectId), access.actor());
        return Response.noContent().build();
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
