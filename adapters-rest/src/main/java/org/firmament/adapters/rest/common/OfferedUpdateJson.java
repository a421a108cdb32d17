package org.firmament.adapters.rest.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;

/**
 * REST adapter: an update the device API offered, as the device API and the management API both
 * show it (Firmament's own conventions: lower-case enum values, ISO-8601 times).
 */
public final class OfferedUpdateJson {

    private OfferedUpdateJson() {
    }

    /** What was offered and how far the device got: the device's status answers and the operators' history. */
    public static Map<String, Object> record(OfferedUpdate update) {
        Map<String, Object> json = header(update);
        List<Map<String, Object>> images = new ArrayList<>();
        for (OfferedUpdate.Item item : update.items()) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("imageId", item.imageId().toString());
            image.put("type", item.typeName().value());
            image.put("version", item.version().value());
            images.add(image);
        }
        json.put("images", images);
        return json;
    }

    /**
     * The update with everything a device needs to install it: per image its size, digests and
     * download URL, which {@code urlOf} gives (the surface's one way of building download URLs).
     */
    public static Map<String, Object> offer(OfferedUpdate update, List<FirmwareImage> images,
                                            Function<FirmwareImage, Optional<String>> urlOf) {
        Map<String, Object> json = header(update);
        json.put("images", images(images, urlOf));
        return json;
    }

    /** The {@code images} of {@link #offer}: what the device needs of each image to install it. */
    public static List<Map<String, Object>> images(List<FirmwareImage> images,
                                                   Function<FirmwareImage, Optional<String>> urlOf) {
        List<Map<String, Object>> binaries = new ArrayList<>();
        for (FirmwareImage image : images) {
            Map<String, Object> binary = new LinkedHashMap<>();
            binary.put("imageId", image.id().toString());
            binary.put("type", image.typeName().value());
            binary.put("version", image.version().value());
            Optional<Artifact.StoredBinary> stored = image.storedBinary();
            // A file published elsewhere (an external URL) was never measured: no name, size or digests.
            binary.put("filename", stored.map(Artifact.StoredBinary::filename).orElse(null));
            binary.put("size", stored.map(Artifact.StoredBinary::size).orElse(null));
            binary.put("sha256", stored.map(file -> file.sha256().hex()).orElse(null));
            binary.put("sha1", stored.map(file -> file.sha1().hex()).orElse(null));
            binary.put("url", urlOf.apply(image).orElse(null));
            binaries.add(binary);
        }
        return binaries;
    }

    /** The fields {@link #record} and {@link #offer} start with, in their order. */
    public static Map<String, Object> header(OfferedUpdate update) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", update.id().toString());
        json.put("kind", update.kind().name().toLowerCase(Locale.ROOT));
        json.put("bundleId", update.bundleId().map(BundleId::value).orElse(null));
        json.put("pinned", update.pinned());
        json.put("state", update.state().name().toLowerCase(Locale.ROOT));
        json.put("message", update.message().orElse(null));
        json.put("offeredAt", update.offeredAt().toString());
        json.put("updatedAt", update.updatedAt().toString());
        return json;
    }
}
