package org.firmament.adapters.rest.common;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** REST adapter: reads the credential out of an {@code Authorization} header, the one way every surface does. */
public final class AuthorizationHeader {

    private AuthorizationHeader() {
    }

    /**
     * The credential of {@code <scheme> <credential>} when the scheme (case-insensitive) is one of
     * {@code schemes}; empty for a missing or blank header, another scheme, or no credential.
     */
    public static Optional<String> credential(String header, Set<String> schemes) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        String credential = trimmed.substring(space + 1).trim();
        return schemes.contains(scheme) && !credential.isEmpty() ? Optional.of(credential) : Optional.empty();
    }

    /** Whether the request carries no {@code Authorization} header at all (or an empty one). */
    public static boolean isAbsent(String header) {
        return header == null || header.isBlank();
    }
}
