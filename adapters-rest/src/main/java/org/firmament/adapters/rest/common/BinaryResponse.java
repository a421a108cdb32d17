package org.firmament.adapters.rest.common;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmament.adapters.rest.metrics.DownloadMetrics;
import org.firmament.application.port.in.DownloadBinaryUseCase;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.domain.firmware.Artifact;

/**
 * REST adapter: the one way every surface sends a stored binary. It answers conditional and
 * partial requests so that a device on a slow link can resume a download: {@code ETag} (the
 * SHA-256, a strong validator), {@code If-None-Match} (304), single-range {@code Range} with
 * {@code If-Range} (206, or 416 when the range starts past the end), {@code Accept-Ranges}, and
 * {@code HEAD} (Jersey answers it from the GET method; a HEAD opens nothing and answers the same
 * headers without a body). The body is a {@link BinaryTransfer}: the bytes opened before the answer
 * leaves (so that a binary gone or refused is answered in the surface's error format), sent
 * without buffering the file.
 *
 * <p>In {@link DownloadMode#REDIRECT} mode (S3 only) the answer is instead a 307 to a URL the store
 * signed, so that the bytes never pass through Firmament; the client sends its {@code Range} there.
 */
public final class BinaryResponse {

    /** Where the bytes come from: through Firmament, or straight from the store after a redirect. */
    public enum DownloadMode { PROXY, REDIRECT }

    /**
     * How long a redirect target works. The client follows the redirect at once; a client that
     * resumes later asks Firmament again and gets a fresh one, so this only needs to cover clock skew
     * between Firmament and the store and a slow start.
     */
    public static final Duration REDIRECT_LIFETIME = Duration.ofMinutes(5);

    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final DownloadMetrics downloads;
    private final DownloadMode mode;
    private final DownloadBinaryUseCase binaries;

    /** {@code binaries} opens the bytes, or in {@link DownloadMode#REDIRECT} mode signs the redirect targets. */
    public BinaryResponse(DownloadMetrics downloads, DownloadMode mode, DownloadBinaryUseCase binaries) {
        this.downloads = Objects.requireNonNull(downloads);
        this.mode = Objects.requireNonNull(mode);
        this.binaries = Objects.requireNonNull(binaries);
    }

    /** The answer to {@code method} (a GET or HEAD) of the binary {@code found}, offered as {@code filename}. */
    public Response send(DownloadableBinary found, String filename, HttpHeaders request, Request method) {
        Artifact.StoredBinary binary = found.binary();
        EntityTag etag = new EntityTag(binary.sha256().hex());
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return Response.notModified(etag).header("Accept-Ranges", "bytes").build();
        }
        if (mode == DownloadMode.REDIRECT) {
            // Start-up refuses redirects without S3; a store that cannot sign would pass the bytes through.
            Optional<URI> target = binaries.presignedUrl(found, contentDisposition(filename), REDIRECT_LIFETIME);
            if (target.isPresent()) {
                downloads.redirected();
                return Response.temporaryRedirect(target.get()).tag(etag)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
        }
        long size = binary.size();
        Optional<long[]> range = range(request, etag, size);
        long offset = range.map(r -> r[0]).orElse(0L);
        long length = range.map(r -> r[1] - r[0] + 1).orElse(size);
        Object body = null;
        if (HttpMethod.HEAD.equals(method.getMethod())) {
            // A HEAD opens nothing, so it must learn here that the bytes are not served.
            found.requireServable();
        } else {
            body = new BinaryTransfer(binaries.open(found, offset, length), downloads,
                    "binary " + binary.key() + " bytes " + offset + "-" + (offset + length - 1));
        }
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(Response.Status.PARTIAL_CONTENT)
                        .header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size)
                : Response.ok();
        return response.entity(body)
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", contentDisposition(filename))
                .tag(etag)
                .build();
    }

    /**
     * The requested byte range as {first, last} (inclusive), or empty for the whole binary: no
     * {@code Range}, one this server does not serve partially (several ranges, another unit, a
     * malformed value: the whole file is a valid answer to those), or an {@code If-Range} that no
     * longer matches.
     */
    private static Optional<long[]> range(HttpHeaders request, EntityTag etag, long size) {
        String header = request.getHeaderString("Range");
        if (header == null) {
            return Optional.empty();
        }
        String ifRange = request.getHeaderString("If-Range");
        if (ifRange != null && !ifRange.trim().equals(etag.toString())) {
            return Optional.empty();
        }
        Matcher single = SINGLE_RANGE.matcher(header.trim());
        if (!single.matches() || (single.group(1).isEmpty() && single.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            long first;
            long last;
            if (single.group(1).isEmpty()) {
                long suffix = Long.parseLong(single.group(2));
                if (suffix == 0) {
                    throw new RangeNotSatisfiable(size);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(single.group(1));
                long requestedLast = single.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(single.group(2));
                if (requestedLast < first) {
                    return Optional.empty();
                }
                if (first >= size) {
                    throw new RangeNotSatisfiable(size);
                }
                last = Math.min(requestedLast, size - 1);
            }
            return Optional.of(new long[] {first, last});
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    private static boolean matches(String ifNoneMatch, EntityTag etag) {
        String expected = etag.toString();
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(expected) || tag.equals("W/" + expected)) {
                return true;
            }
        }
        return false;
    }

    /** A quoted ASCII name for old clients and an RFC 8187 {@code filename*} for the exact one. */
    private static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
