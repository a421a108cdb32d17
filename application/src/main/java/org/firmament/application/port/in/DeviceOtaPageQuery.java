package org.firmament.application.port.in;

import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;
import org.firmament.domain.project.ProjectId;

/**
 * Which page of a project's latest OTA records to read: those whose device id or version contains
 * {@code search} (empty: all), by last assignment, newest first when {@code descending}.
 */
public record DeviceOtaPageQuery(ProjectId projectId, String search, boolean descending, int offset, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int MAX_SEARCH_LENGTH = 128;

    public DeviceOtaPageQuery {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("search", search);
        if (search.length() > MAX_SEARCH_LENGTH) {
            throw new InvalidValueException("search", "search is longer than " + MAX_SEARCH_LENGTH + " characters");
        }
        if (offset < 0) {
            throw new InvalidValueException("offset", "offset must be a non-negative integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
        }
    }
}
