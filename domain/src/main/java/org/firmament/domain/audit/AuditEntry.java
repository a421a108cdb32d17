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

    public enum Action { CREATED, CHANGED, DELETED }

    /** The kinds of things an audit entry is about. */
    public enum Subject { PROJECT, API_KEY, FIRMWARE_TYPE, IMAGE, BINARY, BUNDLE, DEVICE, DEVICE_KEY }

    public AuditEntry {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        subjectId = Names.requireText("subjectId", subjectId, Names.MAX_IDENTIFIER_LENGTH * 2);
        summary = summary == null || summary.isEmpty() ? "" : shorten(summary);
    }

    /** Control characters become spaces and long text is cut, so any caller-supplied value fits. */
    private static String shorten(String text) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_SUMMARY_LENGTH));
        text.codePoints().limit(MAX_SUMMARY_LENGTH)
                .forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return clean.length() > MAX_SUMMARY_LENGTH ? clean.substring(0, MAX_SUMMARY_LENGTH) : clean.toString();
    }
}
