package org.firmament.application.port.out;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.project.ProjectId;

/** Out-port: stored firmware types, unique by name within a project. Called inside a {@link TransactionBoundary}. */
public interface FirmwareTypeRepository {

    Optional<FirmwareType> find(ProjectId projectId, FirmwareTypeName name);

    /** The project's types ordered by name. */
    List<FirmwareType> list(ProjectId projectId);

    /**
     * Adds a new type.
     *
     * @throws ConcurrentModificationException when a type of that name exists already, possibly
     *     created by a concurrent transaction (reported at the latest at commit)
     */
    void add(FirmwareType type);

    /**
     * Removes a type.
     *
     * @throws ConcurrentModificationException when the type is gone, or still has images: callers
     *     check {@link FirmwareImageRepository#count} first, so this only happens when another
     *     request added one meanwhile
     */
    void remove(FirmwareType type);
}
