package org.firmament.adapters.rest.common;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.firmament.application.port.in.CheckHealthUseCase;

/** REST adapter: {@code GET /health}, 200 when the database and the binary store answer, else 503. */
@Path("health")
public final class HealthResource {

    private final CheckHealthUseCase health;

    public HealthResource(CheckHealthUseCase health) {
        this.health = Objects.requireNonNull(health);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        CheckHealthUseCase.HealthReport report = health.check();
        Map<String, Object> checks = new LinkedHashMap<>();
        for (CheckHealthUseCase.Check check : report.checks()) {
            checks.put(check.component(), check.up() ? "UP" : "DOWN");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.healthy() ? "UP" : "DOWN");
        body.put("checks", checks);
        return Response.status(report.healthy() ? 200 : 503).entity(body).build();
    }
}
