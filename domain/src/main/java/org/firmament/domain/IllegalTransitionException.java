package org.firmament.domain;

/** Something cannot move from the state it is in to the one asked for (an update that already failed cannot succeed). */
public final class IllegalTransitionException extends DomainException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
