package org.firmament.bootstrap;

import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.firmament.adapters.rest.HotRoutes;
import org.firmament.adapters.rest.common.RenderedJson;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;

/**
 * Bootstrap: the server's one HTTP handler. The hot routes ({@link HotRoutes}: liveness and a
 * device's check-ins) are answered without Jersey; every other request, and any hot request
 * {@link HotRoutes} leaves to the normal path, goes to Jersey. Liveness, which waits for nothing,
 * and a check-in whose answer comes entirely from memory ({@link HotRoutes#answerFromMemory},
 * computed while choosing the thread) are answered on the connection's own selector thread,
 * without a thread hand-off; everything else runs on the worker pool, where a request may block
 * (a database read, an upload) without stopping a selector, which serves many connections. A
 * download's body is sent afterwards by {@link NonBlockingDownloads}, without holding the worker
 * while the client is slow.
 */
final class HotPathHandler extends HttpHandler {

    /** The request attribute that carries an answer found in memory from the choice of thread to {@link #service}. */
    private static final String REMEMBERED = HotPathHandler.class.getName() + ".remembered";

    private record Remembered(HotRoutes.Answer answer, long startedNanos) {
    }

    /**
     * What a request's base URI is made of. Equality written out: the record's generated methods
     * go through method handles that showed in check-in profiles, looked up on every request.
     */
    private record BaseAddress(String scheme, String serverName, int port) {
        @Override
        public boolean equals(Object other) {
            return other instanceof BaseAddress address && address.port == port
                    && Objects.equals(address.serverName, serverName) && Objects.equals(address.scheme, scheme);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(serverName) * 31 + port) * 31 + Objects.hashCode(scheme);
        }
    }

    /** Base URIs kept at most: a handful of Host names reach a server; past it they start over. */
    private static final int MAX_BASE_URIS = 64;

    private final HttpHandler jersey;
    private final Optional<HotRoutes> hot;
    private final RequestExecutorProvider executors;
    /** A download whose connection takes nothing for this long is disconnected. */
    private final Duration downloadStallLimit;
    /**
     * The base URIs requests were answered on. One instance per address rather than one per
     * request: building a URI parses it, and what is rendered per base URI (signed links) is
     * found again faster on the same instance.
     */
    private final Map<BaseAddress, URI> baseUris = new ConcurrentHashMap<>();

    /** Without {@code hot}, every request goes to Jersey on the worker pool. */
    HotPathHandler(HttpHandler jersey, Optional<HotRoutes> hot, Executor workers, Duration downloadStallLimit) {
        if (downloadStallLimit.isNegative() || downloadStallLimit.isZero()) {
            throw new IllegalArgumentException("the stall limit must be positive: " + downloadStallLimit);
        }
        this.downloadStallLimit = downloadStallLimit;
        this.jersey = Objects.requireNonNull(jersey);
        this.hot = Objects.requireNonNull(hot);
        Objects.requireNonNull(workers);
        // No executor means "run on the thread that read the request": the selector thread.
        this.executors = request -> hot.isPresent() && answeredHere(hot.get(), request) ? null : workers;
    }

    /**
     * Whether the request is answered on the selector thread: liveness always, a check-in when its
     * answer was found in memory (kept on the request for {@link #service}); never by waiting.
     */
    private boolean answeredHere(HotRoutes hot, Request request) {
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        if (!HotRoutes.isHot(method, path)) {
            return false;
        }
        if (HotRoutes.answersWithoutWaiting(method, path)) {
            return true;
        }
        long started = System.nanoTime();
        Optional<URI> base = baseUri(request);
        if (base.isEmpty()) {
            return false;
        }
        Optional<HotRoutes.Answer> answer = hot.answerFromMemory(method, path, request.getQueryString(),
                request.getHeader("Accept"), authorization(request), request.getHeader("If-None-Match"),
                base.get());
        answer.ifPresent(found -> request.setAttribute(REMEMBERED, new Remembered(found, started)));
        return answer.isPresent();
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getAttribute(REMEMBERED) instanceof Remembered remembered) {
            request.removeAttribute(REMEMBERED);
            write(remembered.answer(), response);
            HotRoutes.finished(remembered.answer(), remembered.startedNanos());
            return;
        }
        long started = System.nanoTime();
        Optional<URI> base = baseUri(request);
        if (base.isEmpty()) {
            // Jersey cannot build the request's URIs from such a Host and would answer a 500 page
            // with a stack trace; RFC 9112 wants a 400 for an invalid Host.
            response.setStatus(400);
            response.setContentLength(0);
            return;
        }
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        if (hot.isPresent() && HotRoutes.isHot(method, path)) {
            Optional<HotRoutes.Answer> answer = hot.get().answer(method, path, request.getQueryString(),
                    request.getHeader("Accept"), authorization(request), request.getHeader("If-None-Match"),
                    base.get());
            if (answer.isPresent()) {
                write(answer.get(), response);
                HotRoutes.finished(answer.get(), started);
                return;
            }
        }
        try {
            jersey.service(request, response);
        } catch (Exception | Error e) {
            NonBlockingDownloads.discardDiverted(request);
            throw e;
        }
        // A download's body, which Jersey left out of its answer, leaves now without holding this thread.
        NonBlockingDownloads.sendDiverted(request, response, downloadStallLimit);
    }

    private static void write(HotRoutes.Answer answer, Response response) throws java.io.IOException {
        response.setStatus(answer.status());
        for (Map.Entry<String, String> header : answer.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        if (answer.body().isPresent()) {
            RenderedJson body = answer.body().get();
            response.setContentType(HotRoutes.CONTENT_TYPE);
            response.setContentLength(body.length());
            try (OutputStream out = response.getOutputStream()) {
                body.writeTo(out);
            }
        }
    }

    /**
     * The {@code Authorization} header as Jersey reads it: several values joined with commas, so
     * that a request carrying two is judged as Jersey judges it (refused) rather than by its first.
     */
    private static String authorization(Request request) {
        // One pass over the values: a second one is rare, and only then is anything joined.
        Iterator<String> values = request.getHeaders("Authorization").iterator();
        if (!values.hasNext()) {
            return null;
        }
        String first = values.next();
        if (!values.hasNext()) {
            return first;
        }
        StringJoiner all = new StringJoiner(",");
        all.add(first);
        values.forEachRemaining(all::add);
        return all.toString();
    }

    /** The base URI exactly as Jersey's Grizzly container computes it; empty when the Host makes none. */
    private Optional<URI> baseUri(Request request) {
        BaseAddress address = new BaseAddress(request.getScheme(), request.getServerName(), request.getServerPort());
        URI known = baseUris.get(address);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            URI base = new URI(address.scheme(), null, address.serverName(), address.port(), "/", null, null);
            if (baseUris.size() >= MAX_BASE_URIS) {
                baseUris.clear();
            }
            baseUris.put(address, base);
            return Optional.of(base);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
