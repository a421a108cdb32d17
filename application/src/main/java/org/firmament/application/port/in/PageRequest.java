package org.firmament.application.port.in;

import org.firmament.domain.InvalidValueException;

/** Which page of a listing to answer: skip {@code offset} items, then at most {@code limit}. */
public record PageRequest(int offset, int limit) {

    /** Largest page any listing hands out. */
    public static final int MAX_LIMIT = 500;

    /** The page size when the caller names none. */
    public static final int DEFAULT_LIMIT = 100;

    /** @throws InvalidValueException when offset is negative or limit outside 1..{@value #MAX_LIMIT} */
    public PageRequest {
        if (offset < 0) {
            throw new InvalidValueException("offset", "offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
