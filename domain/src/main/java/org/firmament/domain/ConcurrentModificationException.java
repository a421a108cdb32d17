package org.firmament.domain;

/** A write was based on a stale copy of an aggregate: someone else changed it first. */
public final class ConcurrentModificationException extends DomainException {

    public ConcurrentModificationException(String what) {
        super(what + " was changed by another request; reload it and try again");
    }
}
