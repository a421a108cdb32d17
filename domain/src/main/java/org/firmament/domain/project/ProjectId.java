package org.firmament.domain.project;

import org.firmament.domain.InvalidValueException;

/** Typed id of a project (a tenant). Seed 002 shows project ids as positive integers. */
public record ProjectId(long value) {

    /** The project that exists from the first start, so a single-tenant user never creates one. */
    public static final ProjectId DEFAULT = new ProjectId(1);

    public ProjectId {
        if (value <= 0) {
            throw new InvalidValueException("projectId", "projectId must be a positive integer");
        }
    }

    public static ProjectId of(long value) {
        return new ProjectId(value);
    }

    /** Parses a decimal project id as it appears in URLs and query parameters. */
    public static ProjectId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("projectId", "projectId must be a positive integer");
        }
        return new ProjectId(Long.parseLong(text));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
