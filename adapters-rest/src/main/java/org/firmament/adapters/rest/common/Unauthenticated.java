package org.firmament.adapters.rest.common;

/** REST adapter: a request to a protected surface came without a usable credential. */
public final class Unauthenticated extends RuntimeException {

    /** Whether the header was missing, or present but wrong or malformed. */
    public enum Reason { MISSING, INVALID }

    private final Reason reason;

    public Unauthenticated(Reason reason) {
        super(reason == Reason.MISSING ? "no credential" : "invalid credential", null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
