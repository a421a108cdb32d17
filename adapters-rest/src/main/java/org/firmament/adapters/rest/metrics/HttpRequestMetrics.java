package org.firmament.adapters.rest.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * REST adapter, metrics: times every request into {@code http_server_requests} by route template,
 * method and status, from Jersey's request events.
 *
 * <p>Request events rather than a filter pair: {@code FINISHED} also fires for requests the
 * pre-matching bearer-token filter aborted and for failures the exception mapper answered, each
 * with the status the client got. The time runs until Jersey has written the response; for a
 * streaming download that includes copying the body.
 */
public final class HttpRequestMetrics implements ApplicationEventListener {

    /** The route of a request no resource method matched (unknown paths, refused credentials). */
    public static final String UNMATCHED = "UNMATCHED";
    static final String TIMER = "http.server.requests";

    // Any other method name a client sends is one series, so a client cannot grow the registry.
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    // Fixed buckets, dense around the 1-10 ms of a device poll, so Prometheus can compute p99 from
    // them (histogram_quantile) across instances; a dozen series per route keeps cardinality low.
    private static final Duration[] BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250),
            ms(500), ms(1_000), ms(2_500), ms(10_000), ms(60_000)};

    private final MeterRegistry registry;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // Application start and stop are not measured.
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long started = registry.config().clock().monotonicTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                long elapsed = registry.config().clock().monotonicTime() - started;
                timer(method(event.getContainerRequest().getMethod()), route(event.getUriInfo()),
                        status(event.getContainerResponse())).record(Duration.ofNanos(elapsed));
            }
        };
    }

    /** The timer of one route, method and status; the hot routes record into the same series. */
    public Timer timer(String method, String route, String status) {
        return Timer.builder(TIMER)
                .description("HTTP requests by route template, method and status")
                .tags("method", method, "route", route, "status", status)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    static String method(String method) {
        String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : "OTHER";
    }

    /**
     * The matched path template ({@code /image/{imageId}/binary}), never the raw path, so ids do not
     * become series; {@link #UNMATCHED} when no resource method matched.
     */
    static String route(ExtendedUriInfo uriInfo) {
        if (uriInfo == null || uriInfo.getMatchedResourceMethod() == null) {
            return UNMATCHED;
        }
        List<UriTemplate> templates = uriInfo.getMatchedTemplates();
        StringBuilder route = new StringBuilder();
        // Jersey lists the most specific template (the method's) first.
        for (int i = templates.size() - 1; i >= 0; i--) {
            route.append('/').append(templates.get(i).getTemplate());
        }
        String normalised = route.toString().replaceAll("/{2,}", "/");
        if (normalised.length() > 1 && normalised.endsWith("/")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        return normalised.isEmpty() ? "/" : normalised;
    }

    private static String status(ContainerResponse response) {
        // No response at all means the failure escaped even the exception mapper: the container answers 500.
        return response == null ? "500" : Integer.toString(response.getStatus());
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
