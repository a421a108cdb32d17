package org.firmament.domain.device;

import org.firmament.domain.Names;

/** Id of a device within a project; follows the identifier rule of {@link Names}. */
public record DeviceId(String value) {

    public DeviceId {
        Names.requireIdentifier("deviceId", value);
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
