package org.firmament.domain.firmware;

import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;

/**
 * Name of a firmware type, unique within a project: seed 000's {@code type} ("OKM"),
 * seed 001's {@code label}, seed 002's component name.
 */
public record FirmwareTypeName(String value) {

    public static final int MAX_LENGTH = 128;

    public FirmwareTypeName {
        Names.requireText("type", value, MAX_LENGTH);
        if (!value.strip().equals(value)) {
            throw new InvalidValueException("type", "type must not start or end with whitespace");
        }
    }

    public static FirmwareTypeName of(String value) {
        return new FirmwareTypeName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
