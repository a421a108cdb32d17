package org.firmament.domain;

import java.util.Objects;

/** A value failed its own validation: {@code field} names what was wrong, the message says why. */
public final class InvalidValueException extends DomainException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }
}
