package org.firmament.domain.access;

import java.util.Locale;
import org.firmament.domain.InvalidValueException;

/** What a project credential (an API key, a user's token) may do in its projects. */
public enum Role {
    /** Read everything in the project; change nothing. */
    READ,
    /** Read and change everything in the project. */
    WRITE;

    /** Parses {@code read} or {@code write} as written in requests and token claims. */
    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return role;
                }
            }
        }
        throw new InvalidValueException("role", "role must be \"read\" or \"write\"");
    }

    /** The name as written in requests and token claims. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
