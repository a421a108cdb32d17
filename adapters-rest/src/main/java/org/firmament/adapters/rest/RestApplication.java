package org.firmament.adapters.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.firmament.adapters.rest.bundles.BundleResource;
import org.firmament.adapters.rest.bundles.BundlesErrors;
import org.firmament.adapters.rest.bundles.FirmwareInfoResource;
import org.firmament.adapters.rest.common.AuthenticationFilter;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.common.BinaryTransferWriter;
import org.firmament.adapters.rest.common.ErrorMapper;
import org.firmament.adapters.rest.common.HealthResource;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.SurfaceErrors;
import org.firmament.adapters.rest.deviceapi.DeviceApiErrors;
import org.firmament.adapters.rest.deviceapi.DeviceApiResource;
import org.firmament.adapters.rest.deviceota.DeviceOtaErrors;
import org.firmament.adapters.rest.deviceota.DeviceOtaResource;
import org.firmament.adapters.rest.downloads.DownloadErrors;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.rest.downloads.DownloadResource;
import org.firmament.adapters.rest.firmwareapi.FirmwareApiErrors;
import org.firmament.adapters.rest.firmwareapi.FirmwareResource;
import org.firmament.adapters.rest.imagemanager.ImageManagerErrors;
import org.firmament.adapters.rest.imagemanager.ImageResource;
import org.firmament.adapters.rest.management.ApiKeyResource;
import org.firmament.adapters.rest.management.AuditResource;
import org.firmament.adapters.rest.management.BinaryResource;
import org.firmament.adapters.rest.management.DeviceResource;
import org.firmament.adapters.rest.management.FirmwareTypeResource;
import org.firmament.adapters.rest.management.ManagementErrors;
import org.firmament.adapters.rest.management.ProjectResource;
import org.firmament.adapters.rest.metrics.DownloadMetrics;
import org.firmament.adapters.rest.metrics.HttpRequestMetrics;
import org.firmament.adapters.rest.metrics.MetricsResource;
import org.firmament.adapters.rest.openapi.OpenApiResource;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * REST adapter: builds the one JAX-RS application that serves every surface. The server's
 * {@code main} and the HTTP tests both use this, so tests exercise exactly what runs.
 */
public final class RestApplication {

    private RestApplication() {
    }

    /**
     * Every surface's error format, picked by path: what the application answers errors with, and
     * what the server's own answers outside it (while it stops) use too.
     */
    public static SurfaceErrors surfaceErrors() {
        return new SurfaceErrors(new ImageManagerErrors(), new FirmwareApiErrors(),
                new ManagementErrors(), new BundlesErrors(),
                new DeviceOtaErrors(), new DownloadErrors(), new DeviceApiErrors());
    }

    /**
     * The application over {@code useCases}, measuring into {@code metrics}, which {@code GET /metrics}
     * also serves; the caller owns the registry and may bind its own meters to it (JVM, database pool).
     * Every download URL handed out comes from {@code links}; {@code downloadMode} says whether bytes
     * pass through the server or clients are redirected to the store. {@code metricsToken}, when
     * present, is the bearer token {@code GET /metrics} asks for.
     */
    public static ResourceConfig create(RestUseCases useCases, PrometheusMeterRegistry metrics, DownloadLinks links,
                                        BinaryResponse.DownloadMode downloadMode, Optional<String> metricsToken) {
        SurfaceErrors errors = surfaceErrors();
        BinaryResponse downloads = new BinaryResponse(new DownloadMetrics(metrics), downloadMode,
                useCases.downloadBinary());
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName("firmament");
        // Resources are registered as instances: no classpath scanning, constructor injection by hand.
        config.register(new HealthResource(useCases.checkHealth()));
        config.register(new ImageResource(useCases, downloads));
        config.register(new FirmwareResource(useCases, links));
        config.register(new DeviceResource(useCases));
        config.register(new ProjectResource(useCases));
        config.register(new ApiKeyResource(useCases));
        config.register(new FirmwareTypeResource(useCases));
        config.register(new AuditResource(useCases));
        config.register(new BinaryResource(useCases));
        config.register(new BundleResource(useCases, downloads, links));
        config.register(new FirmwareInfoResource(useCases));
        config.register(new DeviceOtaResource(useCases, downloads));
        config.register(new DeviceApiResource(useCases, links));
        config.register(new DownloadResource(useCases, links, downloads));
        config.register(new MetricsResource(metrics, metricsToken));
        config.register(OpenApiResource.load());
        config.register(new HttpRequestMetrics(metrics));
        config.register(new AuthenticationFilter(useCases.authenticate(), errors));
        config.register(new ErrorMapper(errors));
        config.register(BinaryTransferWriter.class);
        config.register(JsonMapperProvider.class);
        config.register(JacksonFeature.withoutExceptionMappers());
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        config.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        return config;
    }
}
