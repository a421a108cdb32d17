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
        requireNoControlCharacters(field, value, false);
        requireWellFormed(field, value);
        return value;
    }

    /**
     * Returns {@code value} (empty when null) when it is text of at most {@code maxLength}
     * characters that may span lines (tabs and line breaks allowed) but holds no other control
     * characters, else throws naming {@code field}. For descriptions and messages.
     */
    public static String requireFreeText(String field, String value, int maxLength) {
        String text = value == null ? "" : value;
        if (text.length() > maxLength) {
            throw new InvalidValueException(field, field + " is longer than " + maxLength + " characters");
        }
        requireNoControlCharacters(field, text, true);
        requireWellFormed(field, text);
        return text;
    }

    /** A loop, not a stream: every device check-in validates its caller's name through here. */
    private static void requireNoControlCharacters(String field, String value, boolean lineBreaksAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new InvalidValueException(field, field + " must not contain control characters");
            }
        }
    }

    /** Half of a surrogate pair alone is no character: no database can store it as text. */
    private static void requireWellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValueException(field, field + " must be well-formed Unicode text");
            }
        }
    }

    public static <T> T requirePresent(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }
}
