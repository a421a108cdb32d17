package org.firmament.adapters.rest.deviceapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
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

    /** Room for the update's own fields and the poll fields: most bodies need no second allocation. */
    private static final int HEAD_CAPACITY = 400;

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
    private final Map<ImagesKey, String> renderedImages = new ConcurrentHashMap<>();

    CheckInBodies(DownloadLinks links) {
        this.links = links;
    }

    byte[] render(OfferedUpdate update, List<FirmwareImage> images, URI baseUri, long pollAfterSeconds,
                  Instant nextPollAt) {
        ImagesKey key = new ImagesKey(List.copyOf(images), baseUri, links.currentExpiry());
        String imagesJson = renderedImages.get(key);
        if (imagesJson == null) {
            try {
                imagesJson = JsonMapperProvider.MAPPER.writeValueAsString(
                        OfferedUpdateJson.images(images, image -> links.urlOf(image, baseUri)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            if (renderedImages.size() >= MAX_RENDERED) {
                renderedImages.clear();
            }
            renderedImages.put(key, imagesJson);
        }
        // The fields of OfferedUpdateJson.header, then the images and the poll fields, as Jackson
        // writes them (no spaces, its own string quoting), written out: a generator per request,
        // or the header's map, cost more than these few fields (CheckInBodiesTest holds the bytes equal).
        StringBuilder json = new StringBuilder(HEAD_CAPACITY + imagesJson.length());
        json.append("{\"id\":\"").append(update.id())
                .append("\",\"kind\":\"").append(ManagementJson.name(update.kind()))
                .append("\",\"bundleId\":");
        appendTextOrNull(json, update.bundleId().map(BundleId::value));
        json.append(",\"pinned\":").append(update.pinned())
                .append(",\"state\":\"").append(ManagementJson.name(update.state()))
                .append("\",\"message\":");
        appendTextOrNull(json, update.message());
        json.append(",\"offeredAt\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(update.offeredAt(), json);
        json.append("\",\"updatedAt\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(update.updatedAt(), json);
        json.append("\",\"images\":").append(imagesJson)
                .append(",\"pollAfterSeconds\":").append(pollAfterSeconds)
                .append(",\"nextPollAt\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(nextPollAt, json);
        json.append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
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
