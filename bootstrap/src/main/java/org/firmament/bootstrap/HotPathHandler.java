package org.firmament.bootstrap;

import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.firmament.adapters.rest.HotRoutes;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;

/**
 * Bootstrap: the server's one HTTP handler. The hot routes ({@link HotRoutes}: liveness and a
 * device's check-in) are answered without Jersey; every other request, and any hot request
 * {@link HotRoutes} leaves to the normal path, goes to Jersey. Liveness, which waits for nothing,
 * is answered on the connection's own selector thread, without a thread hand-off; everything
 * else runs on the worker pool, where a request may block (a database read, an upload) without
 * stopping a selector, which serves many connections. A download's body is sent afterwards by
 * {@link NonBlockingDownloads}, without holding the worker while the client is slow.
 */
final class HotPathHandler extends HttpHandler {

    private final HttpHandler jersey;
    private final Optional<HotRoutes> hot;
    private final RequestExecutorProvider executors;

    /** Without {@code hot}, every request goes to Jersey on the worker pool. */
    HotPathHandler(HttpHandler jersey, Optional<HotRoutes> hot, Executor workers) {
        this.jersey = Objects.requireNonNull(jersey);
        this.hot = Objects.requireNonNull(hot);
        Objects.requireNonNull(workers);
        // No executor means "run on the thread that read the request": the selector thread.
        this.executors = request -> hot.isPresent() && HotRoutes.answersWithoutWaiting(
                request.getMethod().getMethodString(), request.getRequestURI()) ? null : workers;
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
                    request.getHeader("Accept"), request.getHeader("Authorization"), request.getHeader("If-None-Match"),
                    base.get());
            if (answer.isPresent()) {
                response.setStatus(answer.get().status());
                for (Map.Entry<String, String> header : answer.get().headers()) {
                    response.addHeader(header.getKey(), header.getValue());
                }
                if (answer.get().body().isPresent()) {
                    byte[] body = answer.get().body().get();
                    response.setContentType(HotRoutes.CONTENT_TYPE);
                    response.setContentLength(body.length);
                    try (OutputStream out = response.getOutputStream()) {
                        out.write(body);
                    }
                }
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
        NonBlockingDownloads.sendDiverted(request, response);
    }

    /** The base URI exactly as Jersey's Grizzly container computes it; empty when the Host makes none. */
    private static Optional<URI> baseUri(Request request) {
        try {
            return Optional.of(new URI(request.getScheme(), null, request.getServerName(), request.getServerPort(),
                    "/", null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
