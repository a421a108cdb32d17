package org.firmament.adapters.rest.common;

/**
 * REST adapter: the caller is known and may see what it asks for, but may not do this (a read-only
 * key changing something, a device on an operator's path). Each surface answers 403 in its format.
 */
public final class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message, null, false, false);
    }
}
