package org.firmament.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** A small HTTP client for the tests: real requests over the loopback to the running server. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOUNDARY = "BOUNDARY";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    Http(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    Http withAuthorization(String header) {
        return new Http(base, header);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response method(String method, String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a multipart form with one file part, as the seed's example does. */
    Response postFile(String path, String field, String filename, byte[] content) {
        return postFile(path, field, filename, () -> new ByteArrayInputStream(content));
    }

    Response postFile(String path, String field, String filename, Supplier<InputStream> content) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        Supplier<InputStream> body = () -> new SequenceInputStream(new ByteArrayInputStream(head),
                new SequenceInputStream(content.get(), new ByteArrayInputStream(tail)));
        return send(request(path).header("Content-Type", "multipart/form-data;boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build());
    }

    /** One part of a multipart form; a file part when {@code filename} is set. */
    record Part(String name, String filename, byte[] content) {

        static Part field(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }

        /** The file part seed 003's deploy form expects. */
        static Part firmware(byte[] content) {
            return new Part("firmware", "firmware.bin", content);
        }
    }

    /** Posts a multipart form with the parts in the order given. */
    Response postForm(String path, List<Part> parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\""
                    + "\r\nContent-Type: application/octet-stream") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    Response send(HttpRequest request) {
        try {
            return new Response(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Streams a response body into a consumer without holding it, for large downloads. */
    HttpResponse<InputStream> stream(String path) {
        try {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(HttpResponse<byte[]> raw) {

        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        byte[] bytes() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(raw.body(), StandardCharsets.UTF_8), e);
            }
        }

        /** The body parsed and re-serialised, for exact comparisons with an expected document. */
        JsonNode expectJson(String expected) {
            try {
                JsonNode wanted = JSON.readTree(expected);
                if (!wanted.equals(json())) {
                    throw new AssertionError("expected " + wanted + " but got " + json() + " (status " + status() + ")");
                }
                return wanted;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
