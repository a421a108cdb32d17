package org.firmament.domain;

/**
 * Root of the one unchecked exception hierarchy the domain and the use cases throw.
 * Each surface translates these in one place into its own error format.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidValueException, NotFoundException, DuplicateVersionException, AlreadyExistsException,
                InUseException,
                ConcurrentModificationException, RuleViolationException, IllegalTransitionException {

    protected DomainException(String message) {
        super(message);
    }
}
