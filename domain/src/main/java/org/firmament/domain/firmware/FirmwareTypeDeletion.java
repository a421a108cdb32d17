package org.firmament.domain.firmware;

import java.util.Objects;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;

/**
 * Rule: a firmware type is deleted only once it has no images, so deleting a type never drops
 * an image (nor the binary it refers to) on the side. The persistence adapter backs the rule
 * with a foreign key, so an image added meanwhile still stops the deletion.
 */
public final class FirmwareTypeDeletion {

    private FirmwareTypeDeletion() {
    }

    /** Throws {@link InUseException} when {@code images}, the type's image count, is not zero. */
    public static void check(FirmwareType type, long images) {
        Objects.requireNonNull(type, "type");
        if (images < 0) {
            throw new InvalidValueException("images", "an image count cannot be negative");
        }
        if (images > 0) {
            throw new InUseException("Firmware type " + type.name() + " still has " + images + " image"
                    + (images == 1 ? "" : "s") + "; delete them first");
        }
    }
}
