package org.firmament.domain.audit;

import java.time.Instant;
import java.util.Objects;
import org.firmament.domain.Names;
import org.firmament.domain.access.Actor;
import org.firmament.domain.project.ProjectId;

/**
 * One line of a project's audit log: who created, changed or deleted what, and when. The
 * summary names what changed (a version, a field), never a secret.
 */
public record AuditEntry(ProjectId projectId, Instant at, Actor actor, Action action, Subject subject,
                         String subjectId, String summary) {

    public static final int MAX_SUMMARY_LENGTH = 500;

    /** Longest subject id: room for a project-scoped name, such as a type's name with a version. */
    public static final int MAX_SUBJECT_ID_LENGTH = Names.MAX_IDENTIFIER_LENGTH * 2;

    public enum Action { CREATED, CHANGED, DELETED }

    /** The kinds of things an audit entry is about. */
    public enum Subject { PROJECT, API_KEY, FIRMWARE_TYPE, IMAGE, BINARY, BUNDLE, DEVICE, DEVICE_KEY }

    public AuditEntry {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        subjectId = Names.requireText("subjectId", subjectId, MAX_SUBJECT_ID_LENGTH);
        summary = summary == null || summary.isEmpty() ? "" : shorten(summary);
    }

    /**
     * Control characters become spaces, unpaired surrogates U+FFFD, and text beyond
     * {@value #MAX_SUMMARY_LENGTH} UTF-16 units is cut without splitting a character, so any
     * caller-supplied value fits the stored column.
     */
    private static String shorten(String text) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_SUMMARY_LENGTH));
        for (int at = 0; at < text.length(); ) {
            int c = text.codePointAt(at);
            int width = Character.charCount(c);
            if (clean.length() + width > MAX_SUMMARY_LENGTH) {
                break;
            }
            clean.appendCodePoint(printable(c));
            at += width;
        }
        return clean.toString();
    }

    private static int printable(int c) {
        if (Character.isISOControl(c)) {
            return ' ';
        }
        boolean unpairedSurrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
        return unpairedSurrogate ? '\uFFFD' : c;
    }
}
