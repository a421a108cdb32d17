package org.firmament.adapters.rest.common;

/** REST adapter: a {@code Range} that starts beyond the end of the binary (416, with {@code Content-Range: bytes *}{@code /size}). */
public final class RangeNotSatisfiable extends RuntimeException {

    private final long size;

    public RangeNotSatisfiable(long size) {
        super("The requested range is not within the " + size + " bytes of the file", null, false, false);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
