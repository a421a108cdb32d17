package org.firmament.domain;

/** Something cannot be removed while something else still uses it (an image that is a bundle component). */
public final class InUseException extends DomainException {

    public InUseException(String message) {
        super(message);
    }
}
