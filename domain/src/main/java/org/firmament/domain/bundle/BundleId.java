package org.firmament.domain.bundle;

import org.firmament.domain.Names;

/**
 * Id of a bundle, and what a device reports as its installed firmware (seed 002's Firmware
 * Info {@code bundleId}): begins with an alphanumeric character; '-', '_' and '.' may follow,
 * each followed by one or more alphanumerics.
 */
public record BundleId(String value) {

    public BundleId {
        Names.requireIdentifier("bundleId", value);
    }

    public static BundleId of(String value) {
        return new BundleId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
