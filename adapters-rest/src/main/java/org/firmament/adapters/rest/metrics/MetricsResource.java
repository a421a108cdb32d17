package org.firmament.adapters.rest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.firmament.adapters.rest.common.AuthorizationHeader;
import org.firmament.domain.Sha256;

/**
 * REST adapter: {@code GET /metrics}, every meter in the Prometheus text format. With a metrics
 * token configured only a scraper that sends it ({@code Authorization: Bearer <token>}) reads the
 * meters; without one it is public like {@code /health}, for a network where only operators reach it.
 * The token is its own credential, not the admin token, so a scraper's configuration holds no power
 * over the fleet.
 */
@Path("metrics")
public final class MetricsResource {

    /** The Prometheus text exposition format 0.0.4, which every Prometheus-compatible scraper reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Optional<byte[]> tokenDigest;

    /** {@code token}: the bearer token a scrape must send, or empty for public metrics. */
    public MetricsResource(PrometheusMeterRegistry registry, Optional<String> token) {
        this.registry = Objects.requireNonNull(registry);
        this.tokenDigest = token.map(Sha256::of);
    }

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (tokenDigest.isPresent() && !presentsToken(authorization)) {
            String reason = AuthorizationHeader.isAbsent(authorization)
                    ? "metrics need the metrics token" : "the metrics token is not valid";
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .entity(reason + "\n").build();
        }
        // Streamed: the registry writes straight to the connection instead of building one large String.
        StreamingOutput body = registry::scrape;
        return Response.ok(body).header("Content-Type", CONTENT_TYPE).build();
    }

    /** Compares digests, in constant time, so neither the token's length nor its prefix leaks through timing. */
    private boolean presentsToken(String authorization) {
        Optional<String> presented = AuthorizationHeader.credential(authorization, Set.of("bearer"));
        return presented.isPresent() && MessageDigest.isEqual(Sha256.of(presented.get()), tokenDigest.get());
    }
}
