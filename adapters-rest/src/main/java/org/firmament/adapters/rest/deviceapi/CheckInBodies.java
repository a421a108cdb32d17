package org.firmament.adapters.rest.deviceapi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
import org.firmament.adapters.rest.downloads.DownloadLinks;
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

    private static final byte[] IMAGES_FIELD = ",\"images\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POLL_AFTER_FIELD = ",\"pollAfterSeconds\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_POLL_FIELD = ",\"nextPollAt\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final DownloadLinks links;
    private final Map<ImagesKey, byte[]> renderedImages = new ConcurrentHashMap<>();

    CheckInBodies(DownloadLinks links) {
        this.links = links;
    }

    byte[] render(OfferedUpdate update, List<FirmwareImage> images, URI baseUri, long pollAfterSeconds,
                  Instant nextPollAt) {
        ImagesKey key = new ImagesKey(List.copyOf(images), baseUri, links.currentExpiry());
        byte[] imagesJson = renderedImages.get(key);
        try {
            if (imagesJson == null) {
                imagesJson = JsonMapperProvider.MAPPER.writeValueAsBytes(
                        OfferedUpdateJson.images(images, image -> links.urlOf(image, baseUri)));
                if (renderedImages.size() >= MAX_RENDERED) {
                    renderedImages.clear();
                }
                renderedImages.put(key, imagesJson);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(320 + imagesJson.length);
            // The update's fields as Jackson writes them, the object left open for what follows.
            JsonGenerator json = JsonMapperProvider.MAPPER.createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            json.writeStartObject();
            for (Map.Entry<String, Object> field : OfferedUpdateJson.header(update).entrySet()) {
                // Typed writes: writeObjectField would look a serializer up for each value.
                Object value = field.getValue();
                if (value == null) {
                    json.writeNullField(field.getKey());
                } else if (value instanceof Boolean flag) {
                    json.writeBooleanField(field.getKey(), flag);
                } else {
                    json.writeStringField(field.getKey(), (String) value);
                }
            }
            json.close();
            // Then what Jackson would write after them: no spaces, and nothing here needs escaping.
            out.write(IMAGES_FIELD);
            out.write(imagesJson);
            out.write(POLL_AFTER_FIELD);
            out.write(Long.toString(pollAfterSeconds).getBytes(StandardCharsets.US_ASCII));
            out.write(NEXT_POLL_FIELD);
            out.write(nextPollAt.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(END);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
