package org.firmament.adapters.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.firmament.adapters.rest.bundles.BundleJson;
import org.firmament.adapters.rest.common.AuthenticationFilter;
import org.firmament.adapters.rest.common.AuthorizationHeader;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.RenderedJson;
import org.firmament.adapters.rest.deviceapi.CheckInAnswer;
import org.firmament.adapters.rest.deviceapi.DeviceApiResource;
import org.firmament.adapters.rest.deviceota.DeviceOtaResource;
import org.firmament.adapters.rest.firmwareapi.FirmwareResource;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.rest.metrics.HttpRequestMetrics;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.domain.access.Principal;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter: the answers to the requests a fleet sends most ({@code GET /health/live} and a
 * device's check-in: {@code GET /bundles} with a device key, the device API's, seed 003's
 * {@code GET /v1/ota/device/latest/{deviceId}}, seed 000's {@code GET /api/v1/firmware/check} with a
 * device key, seed 002's anonymous {@code GET /bundles?projectId=&deviceClass=}) without the
 * per-request cost of Jersey, for the HTTP server to serve before it hands
 * a request to {@link RestApplication}.
 *
 * <p>Only the successful answer is given here, computed by the same use cases and rendered by the
 * same JSON mapping as the resources do; anything else (no or another credential, a query, an
 * unusual {@code Accept}, a failure) answers empty, and the request goes to Jersey, which then
 * gives the normal answer in the surface's error format. So the wire behaviour is the normal
 * path's by construction; bootstrap's {@code HotRoutesEquivalenceTest} compares both.
 */
public final class HotRoutes {

    /**
     * An answer: its status, its headers but {@code Content-Type} and {@code Content-Length}, in
     * the order Jersey writes them, and a JSON body (empty for none).
     */
    public record Answer(int status, List<Map.Entry<String, String>> headers, Optional<RenderedJson> body,
                         Timer timer) {

        static Answer ok(RenderedJson body, Timer timer) {
            return new Answer(200, List.of(), Optional.of(body), timer);
        }
    }

    /**
     * What a rendered check-in depends on: the use cases hand out the same instance (an offer's
     * list, the latest release's image) for as long as they remember it, so it is compared by
     * identity (a new instance, even an equal one, is rendered anew), the base URI and the expiry
     * of the signed download links in it.
     */
    private static final class RenderKey {
        private final Object remembered;
        private final URI baseUri;
        private final long linkExpiry;

        RenderKey(Object remembered, URI baseUri, long linkExpiry) {
            this.remembered = remembered;
            this.baseUri = baseUri;
            this.linkExpiry = linkExpiry;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RenderKey key && key.remembered == remembered && key.baseUri.equals(baseUri)
                    && key.linkExpiry == linkExpiry;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(remembered) * 31 + baseUri.hashCode()) * 31 + Long.hashCode(linkExpiry);
        }
    }

    /** Seed 000's "up to date" answer, the same for every device: its render key. */
    private static final Object UP_TO_DATE = new Object();

    public static final String CONTENT_TYPE = "application/json";
    /** Firmament's device API check-in. */
    private static final String DEVICE_CHECK_IN = "/api/devices/v1/updates";
    /** Seed 003's poll, followed by the device's id. */
    private static final String LATEST_VERSION_PREFIX = "/v1/ota/device/latest/";
    /** Seed 000's device check. */
    private static final String FIRMWARE_CHECK = "/api/v1/firmware/check";
    /** Renders kept at most: offers times Host headers; past it they start over. */
    private static final int MAX_RENDERED = 256;
    private static final RenderedJson LIVE = RenderedJson.of("{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));

    private final RestUseCases useCases;
    private final DownloadLinks links;
    private final Timer liveTimer;
    private final Timer bundlesTimer;
    private final Timer latestVersionTimer;
    private final Timer firmwareCheckTimer;
    private final Map<Integer, Timer> checkInTimers;
    private final Map<RenderKey, RenderedJson> rendered = new ConcurrentHashMap<>();
    private final CheckInAnswer.Renderer checkInRenderer;
    private final Counter fromMemory;

    public HotRoutes(RestUseCases useCases, MeterRegistry metrics, DownloadLinks links) {
        this.useCases = Objects.requireNonNull(useCases);
        this.links = Objects.requireNonNull(links);
        this.checkInRenderer = new CheckInAnswer.Renderer(links);
        this.fromMemory = Counter.builder("firmament.check.ins.from.memory")
                .description("Check-ins answered from memory on the thread that read them, without a hand-off")
                .register(metrics);
        HttpRequestMetrics requests = new HttpRequestMetrics(metrics);
        this.liveTimer = requests.timer("GET", "/health/live", "200");
        this.bundlesTimer = requests.timer("GET", "/bundles", "200");
        this.latestVersionTimer = requests.timer("GET", LATEST_VERSION_PREFIX + "{deviceId}", "200");
        this.firmwareCheckTimer = requests.timer("GET", FIRMWARE_CHECK, "200");
        this.checkInTimers = Map.of(200, requests.timer("GET", DEVICE_CHECK_IN, "200"),
                204, requests.timer("GET", DEVICE_CHECK_IN, "204"), 304, requests.timer("GET", DEVICE_CHECK_IN, "304"));
    }

    /**
     * Whether the request is always answered without waiting for anything (no database, no store),
     * so on the thread that read it. A check-in is only when what it needs is remembered: see
     * {@link #answerFromMemory}.
     */
    public static boolean answersWithoutWaiting(String method, String path) {
        return "GET".equals(method) && "/health/live".equals(path);
    }

    /**
     * As {@link #answer(String, String, String, String, String, String, URI)}, but only from what
     * the use cases remember: empty as soon as anything (a credential, a device's state, the
     * catalogue, an epoch due for a read) would have to be looked up, before any wait
     * ({@link FromMemory}). For a thread that must never wait, such as a selector thread.
     */
    public Optional<Answer> answerFromMemory(String method, String path, String query, String accept,
                                             String authorization, String ifNoneMatch, URI baseUri) {
        Optional<Answer> answer = FromMemory.attempt(() -> answer(method, path, query, accept, authorization,
                ifNoneMatch, baseUri).orElse(null));
        if (answer.isPresent()) {
            fromMemory.increment();
        }
        return answer;
    }

    /** Whether {@code path} (raw, without the query) may be answered here; cheap, for choosing a thread. */
    public static boolean isHot(String method, String path) {
        return "GET".equals(method) && ("/health/live".equals(path) || "/bundles".equals(path)
                || DEVICE_CHECK_IN.equals(path) || FIRMWARE_CHECK.equals(path) || polledDeviceId(path) != null);
    }

    /** The device id segment of seed 003's poll, when it needs no decoding; else null. */
    private static String polledDeviceId(String path) {
        if (!path.startsWith(LATEST_VERSION_PREFIX) || path.length() == LATEST_VERSION_PREFIX.length()
                || path.indexOf('/', LATEST_VERSION_PREFIX.length()) >= 0 || path.indexOf('%') >= 0
                || path.indexOf(';') >= 0) {
            return null;
        }
        return path.substring(LATEST_VERSION_PREFIX.length());
    }

    /**
     * The 200 answer Jersey would give, or empty when Jersey must answer. {@code baseUri} is the
     * request's base URI as Jersey's container computes it (download links are built on it).
     */
    public Optional<Answer> answer(String method, String path, String query, String accept, String authorization,
                                   URI baseUri) {
        return answer(method, path, query, accept, authorization, null, baseUri);
    }

    /**
     * As {@link #answer(String, String, String, String, String, URI)}, for requests that may carry
     * {@code If-None-Match} (the device API check-in).
     */
    public Optional<Answer> answer(String method, String path, String query, String accept, String authorization,
                                   String ifNoneMatch, URI baseUri) {
        if (!isHot(method, path) || !acceptsJson(accept)) {
            return Optional.empty();
        }
        if (DEVICE_CHECK_IN.equals(path)) {
            return checkIn(query, authorization, ifNoneMatch, baseUri);
        }
        if (FIRMWARE_CHECK.equals(path)) {
            return firmwareCheck(query, authorization, baseUri);
        }
        if ("/bundles".equals(path) && AuthorizationHeader.isAbsent(authorization)) {
            return anonymousBundles(query, baseUri);
        }
        if (query != null && !query.isEmpty()) {
            return Optional.empty();
        }
        if ("/health/live".equals(path)) {
            return Optional.of(Answer.ok(LIVE, liveTimer));
        }
        String polledDevice = polledDeviceId(path);
        if (polledDevice != null) {
            return latestVersion(polledDevice, authorization);
        }
        try {
            return deviceKey(authorization)
                    .map(device -> bundlesAnswer(useCases.queryBundles().forDevice(device.device()), baseUri));
        } catch (RuntimeException e) {
            // Jersey does the same work again and answers the failure in the surface's format.
            return Optional.empty();
        }
    }

    /** The device key {@code authorization} carries; empty for none, another credential or an invalid one. */
    private Optional<Principal.DeviceKey> deviceKey(String authorization) {
        if (AuthorizationHeader.isAbsent(authorization)) {
            return Optional.empty();
        }
        return AuthorizationHeader.credential(authorization, AuthenticationFilter.SCHEMES)
                .flatMap(useCases.authenticate()::authenticate)
                .filter(Principal.DeviceKey.class::isInstance).map(Principal.DeviceKey.class::cast);
    }

    /**
     * Seed 002's anonymous devices of a public-OTA project: {@code projectId}, {@code deviceClass}
     * and perhaps {@code channel}, plain. Only a remembered offer is answered here, on any thread:
     * made-up names are not remembered, and looking them up here would make Jersey look them up a
     * second time for its answer (an empty list or a 401).
     */
    private Optional<Answer> anonymousBundles(String query, URI baseUri) {
        Map<String, String> parameters = plainParameters(query);
        if (!parameters.containsKey("projectId") || !parameters.containsKey("deviceClass")
                || parameters.size() != (parameters.containsKey("channel") ? 3 : 2)) {
            return Optional.empty();
        }
        return onlyFromMemory(() -> useCases.queryBundles().forAnonymous(ProjectId.parse(parameters.get("projectId")),
                        DeviceClass.of(parameters.get("deviceClass")),
                        Optional.ofNullable(parameters.get("channel")).map(Channel::of))
                .map(offer -> bundlesAnswer(offer, baseUri)));
    }

    /**
     * What {@code answer} gives when everything it needs is remembered, on any thread; empty when
     * it would look something up or fails: Jersey then looks up once and answers in the surface's
     * format. For routes any caller may name made-up things on, which are never remembered.
     */
    private static Optional<Answer> onlyFromMemory(Supplier<Optional<Answer>> answer) {
        return FromMemory.attempt(() -> {
            try {
                return answer.get().orElse(null);
            } catch (RuntimeException notRememberedOrFailed) {
                return null;
            }
        });
    }

    /** Seed 002's bundle list, rendered once per offer, base URI and links' expiry. */
    private Answer bundlesAnswer(List<ResolvedBundle> offer, URI baseUri) {
        return Answer.ok(renderedOnce(offer, baseUri,
                () -> offer.stream().map(bundle -> BundleJson.of(bundle, links, baseUri)).toList()), bundlesTimer);
    }

    /** The JSON of {@code remembered}, rendered once per instance, base URI and links' expiry. */
    private RenderedJson renderedOnce(Object remembered, URI baseUri, Supplier<Object> json) {
        RenderKey key = new RenderKey(remembered, baseUri, links.currentExpiry());
        RenderedJson body = rendered.get(key);
        if (body == null) {
            try {
                body = RenderedJson.of(JsonMapperProvider.MAPPER.writeValueAsBytes(json.get()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("maps of strings and numbers are always written", e);
            }
            if (rendered.size() >= MAX_RENDERED) {
                rendered.clear();
            }
            rendered.put(key, body);
        }
        return body;
    }

    /** The device API check-in with a device key; any other caller, or an unusual query, goes to Jersey. */
    private Optional<Answer> checkIn(String query, String authorization, String ifNoneMatch, URI baseUri) {
        Optional<Map.Entry<List<String>, String>> parameters = checkInParameters(query);
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Principal.DeviceKey> caller = deviceKey(authorization);
            if (caller.isEmpty() || caller.get().actor().isEmpty()) {
                return Optional.empty();
            }
            Principal.DeviceKey device = caller.get();
            CheckInAnswer answer = CheckInAnswer.of(useCases, checkInRenderer, device.device(),
                    DeviceApiResource.stated(parameters.get().getKey(), parameters.get().getValue()),
                    device.actor().get(), ifNoneMatch, baseUri);
            return Optional.of(new Answer(answer.status(), answer.headers(), answer.body(),
                    checkInTimers.get(answer.status())));
        } catch (RuntimeException e) {
            // Jersey does the same work again and answers the failure in the device API's format.
            return Optional.empty();
        }
    }

    /**
     * Seed 000's device check with a device key and a query of exactly {@code type} and
     * {@code version}, plain values that need no decoding; anything else goes to Jersey.
     */
    private Optional<Answer> firmwareCheck(String query, String authorization, URI baseUri) {
        Map<String, String> parameters = plainParameters(query);
        if (parameters.size() != 2 || !parameters.containsKey("type") || !parameters.containsKey("version")) {
            return Optional.empty();
        }
        try {
            Optional<Principal.DeviceKey> caller = deviceKey(authorization);
            if (caller.isEmpty()) {
                return Optional.empty();
            }
            Optional<FirmwareImage> newer = useCases.checkForUpdate().updateFor(caller.get().device().projectId(),
                    FirmwareTypeName.of(parameters.get("type")), FirmwareVersion.of(parameters.get("version")));
            return Optional.of(Answer.ok(renderedOnce(newer.isPresent() ? newer.get() : UP_TO_DATE, baseUri,
                    () -> FirmwareResource.checkAnswer(newer, links, baseUri)), firmwareCheckTimer));
        } catch (RuntimeException e) {
            // Jersey does the same work again and answers in seed 000's format.
            return Optional.empty();
        }
    }

    /**
     * A query's parameters when each is a plain {@code name=value} given once, with a value that
     * is not blank and needs no decoding; empty for anything else (Jersey reads it).
     */
    private static Map<String, String> plainParameters(String query) {
        Optional<List<Map.Entry<String, String>>> pairs = plainPairs(query);
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, String> pair : pairs.orElse(List.of())) {
            if (pair.getValue().isBlank() || parameters.put(pair.getKey(), pair.getValue()) != null) {
                return Map.of();
            }
        }
        return pairs.isPresent() ? parameters : Map.of();
    }

    /**
     * A query's {@code name=value} pairs in their order when none needs decoding (no {@code %}, no
     * {@code +}, each with its {@code =}); empty for anything else, which Jersey reads.
     */
    private static Optional<List<Map.Entry<String, String>>> plainPairs(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.of(List.of());
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            if (equals < 0 || parameter.indexOf('%') >= 0 || parameter.indexOf('+') >= 0) {
                return Optional.empty();
            }
            pairs.add(Map.entry(parameter.substring(0, equals), parameter.substring(equals + 1)));
        }
        return Optional.of(pairs);
    }

    /**
     * Seed 003's poll, which names its device and carries no credential: a request that does (the
     * filters judge it), an id that is not one, or a device without a version goes to Jersey. Only
     * a remembered answer is given here, on any thread: an unknown id is not remembered, and
     * looking it up here would make Jersey look it up a second time for its 404.
     */
    private Optional<Answer> latestVersion(String device, String authorization) {
        if (!AuthorizationHeader.isAbsent(authorization)) {
            return Optional.empty();
        }
        Optional<DeviceId> id = PathIds.tryDevice(device);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return onlyFromMemory(() -> Optional.of(Answer.ok(RenderedJson.of(DeviceOtaResource.latestVersionJson(
                useCases.queryDeviceOta().latestVersion(id.get()))), latestVersionTimer)));
    }

    /**
     * The check-in's {@code installed} values and {@code bundle} from a query with only those,
     * each a plain {@code name=value} that needs no decoding; empty (Jersey answers) for anything else.
     */
    private static Optional<Map.Entry<List<String>, String>> checkInParameters(String query) {
        Optional<List<Map.Entry<String, String>>> pairs = plainPairs(query);
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        List<String> installed = new ArrayList<>();
        String bundle = null;
        for (Map.Entry<String, String> pair : pairs.get()) {
            if (pair.getKey().equals("installed")) {
                installed.add(pair.getValue());
            } else if (pair.getKey().equals("bundle") && bundle == null) {
                bundle = pair.getValue();
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new AbstractMap.SimpleImmutableEntry<>(installed, bundle));
    }

    /** Records a hot answer's time into the same series Jersey's requests are timed in. */
    public static void finished(Answer answer, long startedNanos) {
        answer.timer().record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** What a client that sends no {@code Accept}, or the usual wildcard or JSON, gets from Jersey: JSON. */
    private static boolean acceptsJson(String accept) {
        return accept == null || accept.equals("*/*") || accept.equals(CONTENT_TYPE);
    }
}
