package org.firmament.domain.firmware;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Typed id of a firmware image: a UUID, as seeds 000 and 001 show. */
public record ImageId(UUID value) {

    public ImageId {
        Objects.requireNonNull(value, "value");
    }

    public static ImageId of(UUID value) {
        return new ImageId(value);
    }

    /**
     * Reads the canonical 36-character form; anything else is no id at all, which callers
     * answer as "no such image" rather than as a malformed request.
     */
    public static Optional<ImageId> tryParse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(new ImageId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
