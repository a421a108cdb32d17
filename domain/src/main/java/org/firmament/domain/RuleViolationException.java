package org.firmament.domain;

/** A well-formed request that a domain rule refuses (for example two images of one type in a bundle). */
public final class RuleViolationException extends DomainException {

    private final String field;

    public RuleViolationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
