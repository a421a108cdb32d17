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

    /** Room for the update's own fields: most need no second allocation. */
    private static final int HEAD_CAPACITY = 320;
    /** Room for the poll fields. */
    private static final int TAIL_CAPACITY = 80;

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
        StringBuilder head = new StringBuilder(HEAD_CAPACITY);
        head.append("{\"id\":\"").append(update.id())
                .append("\",\"kind\":\"").append(ManagementJson.name(update.kind()))
                .append("\",\"bundleId\":");
        appendTextOrNull(head, update.bundleId().map(BundleId::value));
        head.append(",\"pinned\":").append(update.pinned())
                .append(",\"state\":\"").append(ManagementJson.name(update.state()))
                .append("\",\"message\":");
        appendTextOrNull(head, update.message());
        head.append(",\"offeredAt\":\"");
        IsoInstants.appendTo(head, update.offeredAt());
        head.append("\",\"updatedAt\":\"");
        IsoInstants.appendTo(head, update.updatedAt());
        head.append("\",\"images\":");
        StringBuilder tail = new StringBuilder(TAIL_CAPACITY);
        tail.append(",\"pollAfterSeconds\":").append(pollAfterSeconds).append(",\"nextPollAt\":\"");
        IsoInstants.appendTo(tail, nextPollAt);
        tail.append("\"}");
        return RenderedJson.of(head.toString().getBytes(StandardCharsets.UTF_8), imagesJson,
                tail.toString().getBytes(StandardCharsets.US_ASCII));
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

    private static void appendTextOrNull(StringBuilder json, Optional<String> text) {
        if (text.isEmpty()) {
            json.append("null");
        } else {
            json.append('"');
            int start = json.length();
            JsonStringEncoder.getInstance().quoteAsString(text.get(), json);
            // Jackson's UTF-8 generator writes a character beyond the BMP as two escaped surrogates.
            for (int i = start; i < json.length(); i++) {
                char c = json.charAt(i);
                if (Character.isSurrogate(c)) {
                    json.replace(i, i + 1, String.format("\\u%04X", (int) c));
                    i += 5;
                }
            }
            json.append('"');
        }
    }
}
