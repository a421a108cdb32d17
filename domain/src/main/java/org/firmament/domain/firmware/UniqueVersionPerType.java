package org.firmament.domain.firmware;

import java.util.Optional;
import org.firmament.domain.DuplicateVersionException;

/**
 * Rule: within a project, a firmware type has at most one image per version.
 *
 * <p>Versions are compared exactly as written: "01" and "1" are two versions even under the
 * numeric scheme, so that what an uploader wrote is what every surface shows back. The
 * persistence adapter backs the rule with a unique constraint, so two racing requests cannot
 * both pass it.
 */
public final class UniqueVersionPerType {

    private UniqueVersionPerType() {
    }

    /**
     * Throws {@link DuplicateVersionException} when {@code holder}, the image that already has
     * the candidate's type and version (if any), is a different image than {@code candidate}.
     */
    public static void check(FirmwareImage candidate, Optional<FirmwareImage> holder) {
        holder.filter(existing -> !existing.id().equals(candidate.id()))
                .ifPresent(existing -> {
                    throw new DuplicateVersionException(candidate.typeName().value(), candidate.version().value());
                });
    }
}
