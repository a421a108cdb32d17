package org.firmament.domain.device;

/** Where an update assigned to a device stands; SUCCEEDED, FAILED and SUPERSEDED are final. */
public enum UpdateState {
    ASSIGNED, DOWNLOADING, INSTALLING, SUCCEEDED, FAILED, SUPERSEDED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SUPERSEDED;
    }

    /**
     * Rule: a device's progress only moves forward (assigned, downloading, installing, then
     * succeeded or failed); repeating the current state is allowed (a report sent twice), a final
     * state is never left, and only the server assigns or supersedes.
     */
    public boolean canMoveTo(UpdateState next) {
        if (next == this) {
            return true;
        }
        if (isFinal() || next == ASSIGNED || next == SUPERSEDED) {
            return false;
        }
        return next.ordinal() > ordinal();
    }

    /** What a device may report. */
    public boolean isReportable() {
        return this == DOWNLOADING || this == INSTALLING || this == SUCCEEDED || this == FAILED;
    }
}
