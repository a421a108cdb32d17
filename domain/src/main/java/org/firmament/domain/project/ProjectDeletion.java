package org.firmament.domain.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;

/**
 * Rule: a project is deleted only when nothing of value would go with it. The default project
 * never is (the surfaces that name no project act on it); any other project once it holds no
 * firmware images, bundles or devices. Its firmware types without images go with it.
 */
public final class ProjectDeletion {

    /** What a project still holds, counted when its deletion is asked for. */
    public record Contents(long images, long bundles, long devices) {

        public Contents {
            if (images < 0 || bundles < 0 || devices < 0) {
                throw new InvalidValueException("contents", "counts cannot be negative");
            }
        }

        public boolean isEmpty() {
            return images == 0 && bundles == 0 && devices == 0;
        }
    }

    private ProjectDeletion() {
    }

    /**
     * Throws {@link InUseException} when {@code project} is the default project or {@code contents}
     * is not empty; the message names what is left.
     */
    public static void check(ProjectId project, Contents contents) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(contents, "contents");
        if (project.equals(ProjectId.DEFAULT)) {
            throw new InUseException("Project " + project + " is the default project, which the APIs that name no"
                    + " project use; it cannot be deleted");
        }
        if (!contents.isEmpty()) {
            List<String> left = new ArrayList<>();
            count(left, contents.images(), "firmware image");
            count(left, contents.bundles(), "bundle");
            count(left, contents.devices(), "device");
            throw new InUseException("Project " + project + " still holds " + listed(left)
                    + "; delete them first (firmware types without images go with the project)");
        }
    }

    private static void count(List<String> left, long count, String what) {
        if (count > 0) {
            left.add(count + " " + what + (count == 1 ? "" : "s"));
        }
    }

    private static String listed(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
