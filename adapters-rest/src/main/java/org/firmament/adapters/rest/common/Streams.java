package org.firmament.adapters.rest.common;

/** REST adapter: making uploaded file names safe to keep. */
public final class Streams {

    private static final int MAX_FILENAME = 255;

    private Streams() {
    }

    /**
     * The last path segment of a client-supplied file name (some clients send a whole path), or
     * {@code fallback} when nothing usable is left.
     */
    public static String safeFilename(String clientName, String fallback) {
        if (clientName == null) {
            return fallback;
        }
        String name = clientName.substring(Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\')) + 1)
                .strip();
        boolean usable = !name.isEmpty() && name.length() <= MAX_FILENAME && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(Character::isISOControl);
        return usable ? name : fallback;
    }
}
