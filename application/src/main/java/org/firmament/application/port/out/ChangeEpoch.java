package org.firmament.application.port.out;

/**
 * Out-port: a counter shared by every instance on one database, advanced in the same transaction
 * as every change of one kind (credentials: a project key revoked, a device key rotated, a device
 * changed or deleted; the check-in catalogue: a project, firmware type, image or bundle written).
 * An instance that reads a new value knows that what it remembers of that kind may be stale.
 */
public interface ChangeEpoch {

    /** Advances the counter; inside the transaction of the change, so it moves if and only if the change commits. */
    void advance();

    /** The counter's current value; inside a transaction. */
    long read();
}
