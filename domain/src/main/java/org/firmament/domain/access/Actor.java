package org.firmament.domain.access;

import java.util.Objects;
import org.firmament.domain.Names;

/**
 * Who did something, as the audit log records it: the kind of credential and a non-secret id
 * (an API key's id, a user's subject, a device's id). Never holds a secret.
 */
public record Actor(Kind kind, String id) {

    /** Longest actor id accepted. */
    public static final int MAX_ID_LENGTH = 255;

    public enum Kind { ADMIN, API_KEY, USER, DEVICE, SYSTEM }

    /** The admin token's holder; there is one admin, so the id is fixed. */
    public static final Actor ADMIN = new Actor(Kind.ADMIN, "admin");

    /** Firmament itself (start-up tasks, sweeps). */
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "firmament");

    public Actor {
        Objects.requireNonNull(kind, "kind");
        id = Names.requireText("actor", id, MAX_ID_LENGTH);
    }

    public static Actor apiKey(String keyId) {
        return new Actor(Kind.API_KEY, keyId);
    }

    public static Actor user(String subject) {
        return new Actor(Kind.USER, subject);
    }

    public static Actor device(String deviceId) {
        return new Actor(Kind.DEVICE, deviceId);
    }
}
