package org.firmament.adapters.rest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Objects;

/**
 * REST adapter: {@code GET /metrics}, every meter in the Prometheus text format. Public like
 * {@code /health}, so operators keep it off the public internet or protect it at their proxy.
 */
@Path("metrics")
public final class MetricsResource {

    /** The Prometheus text exposition format 0.0.4, which every Prometheus-compatible scraper reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    @GET
    public Response scrape() {
        // Streamed: the registry writes straight to the connection instead of building one large String.
        StreamingOutput body = registry::scrape;
        return Response.ok(body).header("Content-Type", CONTENT_TYPE).build();
    }
}
