package org.firmament.adapters.rest.imagemanager;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.domain.firmware.FirmwareImage;

/** REST adapter, Image Manager surface: the wire form of an image. */
final class ImageJson {

    /** The seed's timestamps: microseconds and an explicit "+00:00" offset. */
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private ImageJson() {
    }

    static Map<String, Object> of(FirmwareImage image) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("confirmed", image.confirmed());
        json.put("created", CREATED.format(image.createdAt()));
        json.put("fw_version", image.version().value());
        json.put("id", image.id().toString());
        json.put("label", image.typeName().value());
        return json;
    }

    /** The 201 body of "Create a New Image": the image plus the schema's {@code published_at} and {@code url}. */
    static Map<String, Object> created(FirmwareImage image) {
        Map<String, Object> json = of(image);
        json.put("published_at", json.get("created"));
        json.put("url", location(image));
        return json;
    }

    static String location(FirmwareImage image) {
        return "/image/" + image.id();
    }

    /** Seed 001 lists binaries as {@code <image id>.hex}, whatever name they were uploaded under. */
    static String binaryName(FirmwareImage image) {
        return image.id() + ".hex";
    }
}
