package org.firmament.adapters.storage;

/** Storage adapter: the byte range a reader asked for, checked the same way by every store. */
record ReadWindow(long offset, long length) {

    ReadWindow {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
    }

    /** How many bytes of a binary of {@code size} bytes fall into the window. */
    long lengthWithin(long size) {
        return offset >= size ? 0 : Math.min(length, size - offset);
    }

    /** Whether the window runs to the end of any binary, so that no last byte can or need be named. */
    boolean runsToEnd() {
        return length >= Long.MAX_VALUE - offset;
    }
}
