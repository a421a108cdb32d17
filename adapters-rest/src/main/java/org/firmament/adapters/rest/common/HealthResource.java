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

/**
 * REST adapter: {@code GET /health}, the readiness check (200 when the database and the binary store
 * answer, else 503), and {@code GET /health/live}, the liveness check that touches neither.
 */
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

    /**
     * 200 whenever the server can answer at all. It must not depend on the database or the store:
     * an orchestrator restarts an instance whose liveness fails, and restarting cannot fix an outage
     * of a dependency that every instance shares.
     */
    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }
}
