package org.firmament.domain.firmware;

import java.util.regex.Pattern;
import org.firmament.domain.InvalidValueException;

/**
 * Where a binary store keeps one binary. Restricted to characters that are safe as a file
 * name and as an S3 object key, so no key can escape the store's root.
 */
public record BinaryKey(String value) {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    public BinaryKey {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new InvalidValueException("binaryKey", "binary key must be lower-case letters, digits and dashes");
        }
    }

    /** Whether {@code value} is a well-formed key (for names found in a store, which may hold anything). */
    public static boolean isValid(String value) {
        return value != null && SAFE.matcher(value).matches();
    }

    public static BinaryKey of(String value) {
        return new BinaryKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
