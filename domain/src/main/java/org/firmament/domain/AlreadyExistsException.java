package org.firmament.domain;

/** Something was to be created under an id that is taken already (a device id, a bundle id). */
public final class AlreadyExistsException extends DomainException {

    private final String what;
    private final String id;

    public AlreadyExistsException(String what, String id) {
        super(what + " " + id + " already exists");
        this.what = what;
        this.id = id;
    }

    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
