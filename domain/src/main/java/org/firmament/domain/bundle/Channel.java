package org.firmament.domain.bundle;

import org.firmament.domain.Names;

/** A release channel ("stable", "beta", ...); follows the identifier rule of {@link Names}. */
public record Channel(String value) {

    /** The channel a device gets when nothing overrides it. */
    public static final Channel STABLE = new Channel("stable");

    public Channel {
        Names.requireIdentifier("channel", value);
    }

    public static Channel of(String value) {
        return new Channel(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
