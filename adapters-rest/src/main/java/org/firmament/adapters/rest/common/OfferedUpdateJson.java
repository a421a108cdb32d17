package org.firmament.adapters.rest.common;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /** The update with everything a device needs to install it: per image its size, digests and download URL. */
    public static Map<String, Object> offer(OfferedUpdate update, List<FirmwareImage> images, URI baseUri) {
        Map<String, Object> json = header(update);
        List<Map<String, Object>> binaries = new ArrayList<>();
        for (FirmwareImage image : images) {
            Map<String, Object> binary = new LinkedHashMap<>();
            binary.put("imageId", image.id().toString());
            binary.put("type", image.typeName().value());
            binary.put("version", image.version().value());
            Optional<Artifact> artifact = image.artifact();
            if (artifact.isPresent() && artifact.get() instanceof Artifact.StoredBinary stored) {
                binary.put("filename", stored.filename());
                binary.put("size", stored.size());
                binary.put("sha256", stored.sha256().hex());
                binary.put("sha1", stored.sha1().hex());
                binary.put("url", DownloadLinks.storedBinary(baseUri, image).toString());
            } else if (artifact.isPresent() && artifact.get() instanceof Artifact.ExternalUrl external) {
                // Published elsewhere: Firmament never measured these bytes.
                binary.put("filename", null);
                binary.put("size", null);
                binary.put("sha256", null);
                binary.put("sha1", null);
                binary.put("url", external.url());
            }
            binaries.add(binary);
        }
        json.put("images", binaries);
        return json;
    }

    private static Map<String, Object> header(OfferedUpdate update) {
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
