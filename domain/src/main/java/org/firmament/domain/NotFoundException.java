package org.firmament.domain;

import java.util.Objects;

/** Something the caller named does not exist (or is not visible to the caller). */
public final class NotFoundException extends DomainException {

    /** What was looked for; surfaces phrase their "no such ..." messages from it. */
    public enum Subject { PROJECT, FIRMWARE_TYPE, IMAGE, BINARY, BUNDLE, DEVICE, DEVICE_UPDATE, API_KEY }

    private final Subject subject;
    private final String id;

    public NotFoundException(Subject subject, String id) {
        super("No such " + subject.name().toLowerCase().replace('_', ' ') + ": " + id);
        this.subject = Objects.requireNonNull(subject, "subject");
        this.id = Objects.requireNonNull(id, "id");
    }

    public Subject subject() {
        return subject;
    }

    public String id() {
        return id;
    }
}
