package org.firmament.domain.bundle;

import org.firmament.domain.Names;

/** A class of devices that share firmware ("smart_light"); follows the identifier rule of {@link Names}. */
public record DeviceClass(String value) {

    public DeviceClass {
        Names.requireIdentifier("deviceClass", value);
    }

    public static DeviceClass of(String value) {
        return new DeviceClass(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
