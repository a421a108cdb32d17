package org.firmament.domain;

/** A firmware type already has an image with this version in the project. */
public final class DuplicateVersionException extends DomainException {

    private final String typeName;
    private final String version;

    public DuplicateVersionException(String typeName, String version) {
        super("Firmware type " + typeName + " already has version " + version);
        this.typeName = typeName;
        this.version = version;
    }

    public String typeName() {
        return typeName;
    }

    public String version() {
        return version;
    }
}
