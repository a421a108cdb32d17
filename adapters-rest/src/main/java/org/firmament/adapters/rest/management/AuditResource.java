package org.firmament.adapters.rest.management;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.application.port.in.PageRequest;
import org.firmament.application.port.in.QueryAuditLogUseCase;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.project.ProjectId;

/** REST adapter, management API: a project's audit log, newest entries first. */
@Path("api/management/v1/projects/{projectId}/audit")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class AuditResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public AuditResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @GET
    public Map<String, Object> list(@PathParam("projectId") String projectId,
                                    @QueryParam("offset") @DefaultValue("0") String offset,
                                    @QueryParam("limit") @DefaultValue(ManagementJson.DEFAULT_LIMIT) String limit) {
        ProjectId project = Access.of(security).requireRead(PathIds.project(projectId));
        PageRequest page = ManagementJson.page(offset, limit);
        QueryAuditLogUseCase.AuditPage entries = useCases.queryAuditLog().list(project, page);
        return ManagementJson.page("entries", entries.entries().stream().map(AuditResource::json).toList(),
                entries.total(), page.offset(), page.limit());
    }

    static Map<String, Object> json(AuditEntry entry) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("kind", ManagementJson.name(entry.actor().kind()));
        actor.put("id", entry.actor().id());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", entry.at().toString());
        json.put("actor", actor);
        json.put("action", ManagementJson.name(entry.action()));
        json.put("subject", ManagementJson.name(entry.subject()));
        json.put("subjectId", entry.subjectId());
        json.put("summary", entry.summary());
        return json;
    }
}
