package org.firmament.adapters.rest.deviceapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
import org.firmament.adapters.rest.common.RenderedJson;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.rest.management.ManagementJson;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.firmware.FirmwareImage;

/**
 * REST adapter, device API: the bytes of a check-in's 200, exactly as Jackson writes
 * {@link OfferedUpdateJson#offer} with the poll fields after it. The part that costs (each
 * image's JSON with its signed download link, an HMAC each) is rendered once per set of images,
 * base URI and link expiry and reused: the use case hands out the images it remembers, the same
 * instances for as long as it remembers them, so they are compared by identity (new instances,
 * even equal ones, are rendered anew). The update's few fields and the poll fields, which vary per
 * device and per request, are written per request.
 */
final class CheckInBodies {

    /** Renders kept at most (offers times Host headers times expiry steps); past it they start over. */
    private static final int MAX_RENDERED = 1024;

    /** Images by identity, with what their links depend on. */
    private static final class ImagesKey {
        private final List<FirmwareImage> images;
        private final URI baseUri;
        private final long linkExpiry;
        private final int hash;

        ImagesKey(List<FirmwareImage> images, URI baseUri, long linkExpiry) {
            this.images = images;
            this.baseUri = baseUri;
            this.linkExpiry = linkExpiry;
            int h = baseUri.hashCode() * 31 + Long.hashCode(linkExpiry);
            for (FirmwareImage image : images) {
                h = h * 31 + System.identityHashCode(image);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof ImagesKey key) || key.hash != hash || key.linkExpiry != linkExpiry
                    || key.images.size() != images.size() || !key.baseUri.equals(baseUri)) {
                return false;
            }
            for (int i = 0; i < images.size(); i++) {
                if (key.images.get(i) != images.get(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final DownloadLinks links;
    private final Map<ImagesKey, byte[]> renderedImages = new ConcurrentHashMap<>();

    CheckInBodies(DownloadLinks links) {
        this.links = links;
    }

    /** The body, its images' links expiring at {@code linkExpiry} ({@link DownloadLinks#currentExpiry}). */
    RenderedJson render(OfferedUpdate update, List<FirmwareImage> images, URI baseUri, long linkExpiry,
                        long pollAfterSeconds, Instant nextPollAt) {
        byte[] imagesJson = imagesJson(images, baseUri, linkExpiry);
        // The fields of OfferedUpdateJson.header before the images and the poll fields after them,
        // as Jackson writes them (no spaces, its own string quoting), written out: a generator per
        // request, or the header's map, cost more than these few fields (CheckInBodiesTest holds
        // the bytes equal). The images' bytes are written from here, not copied per answer.
        JsonBytes json = JsonBytes.forThisThread();
        json.ascii("{\"id\":\"").uuid(update.id())
                .ascii("\",\"kind\":\"").ascii(ManagementJson.name(update.kind()))
                .ascii("\",\"bundleId\":");
        textOrNull(json, update.bundleId().map(BundleId::value));
        json.ascii(",\"pinned\":").ascii(update.pinned() ? "true" : "false")
                .ascii(",\"state\":\"").ascii(ManagementJson.name(update.state()))
                .ascii("\",\"message\":");
        textOrNull(json, update.message());
        json.ascii(",\"offeredAt\":\"");
        IsoInstants.appendTo(json, update.offeredAt());
        json.ascii("\",\"updatedAt\":\"");
        IsoInstants.appendTo(json, update.updatedAt());
        json.ascii("\",\"images\":");
        int headEnd = json.length();
        json.ascii(",\"pollAfterSeconds\":").number(pollAfterSeconds).ascii(",\"nextPollAt\":\"");
        IsoInstants.appendTo(json, nextPollAt);
        json.ascii("\"}");
        return RenderedJson.of(json.copy(0, headEnd), imagesJson, json.copy(headEnd, json.length()));
    }

    /** The images' JSON array in UTF-8, rendered once per set of images, base URI and link expiry. */
    private byte[] imagesJson(List<FirmwareImage> images, URI baseUri, long linkExpiry) {
        ImagesKey key = new ImagesKey(List.copyOf(images), baseUri, linkExpiry);
        byte[] json = renderedImages.get(key);
        if (json == null) {
            try {
                json = JsonMapperProvider.MAPPER.writeValueAsBytes(
                        OfferedUpdateJson.images(images, image -> links.urlOf(image, baseUri)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            if (renderedImages.size() >= MAX_RENDERED) {
                renderedImages.clear();
            }
            renderedImages.put(key, json);
        }
        return json;
    }

    /**
     * {@code text} as a JSON string, or null. Text that Jackson writes as it is (printable ASCII but
     * the quote and the backslash, as device names and most messages are) is written as it is.
     */
    private static void textOrNull(JsonBytes json, Optional<String> text) {
        if (text.isEmpty()) {
            json.ascii("null");
        } else if (isPlain(text.get())) {
            json.ascii('"').ascii(text.get()).ascii('"');
        } else {
            json.ascii('"').utf8(quoted(text.get()).getBytes(StandardCharsets.UTF_8)).ascii('"');
        }
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code text} quoted as Jackson's UTF-8 generator quotes it, without the quotation marks. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 16);
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        // Jackson's UTF-8 generator writes a character beyond the BMP as two escaped surrogates.
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) {
                json.replace(i, i + 1, String.format("\\u%04X", (int) c));
                i += 5;
            }
        }
        return json.toString();
    }
}
