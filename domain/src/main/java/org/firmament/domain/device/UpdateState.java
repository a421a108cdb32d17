package org.firmament.domain.device;

/** Where an update assigned to a device stands; SUCCEEDED, FAILED and SUPERSEDED are final. */
public enum UpdateState {
    ASSIGNED, DOWNLOADING, INSTALLING, SUCCEEDED, FAILED, SUPERSEDED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == SUPERSEDED;
    }
}
