package org.firmament.domain.firmware;

import org.firmament.domain.Names;

/**
 * A version string as the uploader wrote it. Whether it is well-formed and how it orders
 * against others is the business of the firmware type's {@link VersionScheme}.
 */
public record FirmwareVersion(String value) {

    public static final int MAX_LENGTH = 128;

    public FirmwareVersion {
        Names.requireText("version", value, MAX_LENGTH);
        if (!value.strip().equals(value)) {
            throw new org.firmament.domain.InvalidValueException("version",
                    "version must not start or end with whitespace");
        }
    }

    public static FirmwareVersion of(String value) {
        return new FirmwareVersion(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
