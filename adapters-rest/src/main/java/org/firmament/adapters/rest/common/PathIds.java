package org.firmament.adapters.rest.common;

import java.util.Optional;
import java.util.function.Function;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter: ids taken from a path. Text that cannot be an id cannot name anything, so it is
 * answered like an unknown id (404), never as a malformed request.
 */
public final class PathIds {

    private PathIds() {
    }

    public static ProjectId project(String text) {
        return parse(text, ProjectId::parse, NotFoundException.Subject.PROJECT);
    }

    public static ImageId image(String text) {
        return ImageId.tryParse(text).orElseThrow(() -> new NotFoundException(NotFoundException.Subject.IMAGE, text));
    }

    public static BundleId bundle(String text) {
        return parse(text, BundleId::of, NotFoundException.Subject.BUNDLE);
    }

    public static FirmwareTypeName firmwareType(String text) {
        return parse(text, FirmwareTypeName::of, NotFoundException.Subject.FIRMWARE_TYPE);
    }

    public static DeviceId device(String text) {
        return parse(text, DeviceId::of, NotFoundException.Subject.DEVICE);
    }

    public static java.util.UUID deviceUpdate(String text) {
        try {
            java.util.UUID id = java.util.UUID.fromString(text);
            // fromString also takes shortened groups ("1-2-3-4-5"); only the canonical form names an update.
            if (id.toString().equalsIgnoreCase(text)) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // answered below, like an unknown id
        }
        throw new NotFoundException(NotFoundException.Subject.DEVICE_UPDATE, String.valueOf(text));
    }

    /** The device id, or empty when the text cannot be one. */
    public static Optional<DeviceId> tryDevice(String text) {
        try {
            return Optional.of(DeviceId.of(text));
        } catch (InvalidValueException notAnId) {
            return Optional.empty();
        }
    }

    private static <T> T parse(String text, Function<String, T> parser, NotFoundException.Subject subject) {
        try {
            return parser.apply(text);
        } catch (InvalidValueException notAnId) {
            throw new NotFoundException(subject, String.valueOf(text));
        }
    }
}
