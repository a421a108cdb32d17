package org.firmament.domain;

import java.util.regex.Pattern;

/**
 * The naming rules shared by identifiers that devices and operators type in.
 *
 * <p>The identifier rule is the one seed 002 gives for a bundle id: it begins with an
 * alphanumeric character; dashes, underscores and periods may follow, each followed by
 * at least one alphanumeric character.
 */
public final class Names {

    /** Longest identifier accepted; keeps keys, paths and index entries bounded. */
    public static final int MAX_IDENTIFIER_LENGTH = 128;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*");

    private Names() {
    }

    /** Returns {@code value} when it follows the identifier rule, else throws naming {@code field}. */
    public static String requireIdentifier(String field, String value) {
        requirePresent(field, value);
        if (value.length() > MAX_IDENTIFIER_LENGTH) {
            throw new InvalidValueException(field, field + " is longer than " + MAX_IDENTIFIER_LENGTH + " characters");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new InvalidValueException(field, field + " must begin with a letter or digit; '-', '_' and '.'"
                    + " may follow, each followed by a letter or digit");
        }
        return value;
    }

    /**
     * Returns {@code value} when it is non-blank printable text of at most {@code maxLength}
     * characters without control characters, else throws naming {@code field}.
     */
    public static String requireText(String field, String value, int maxLength) {
        requirePresent(field, value);
        if (value.isBlank()) {
            throw new InvalidValueException(field, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidValueException(field, field + " is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException(field, field + " must not contain control characters");
        }
        return value;
    }

    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }
}
