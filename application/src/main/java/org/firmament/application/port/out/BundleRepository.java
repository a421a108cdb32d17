package org.firmament.application.port.out;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: stored bundles with their components, in component order. Called inside a
 * {@link TransactionBoundary}; every lookup is scoped to a project. Bundle ids are unique across
 * all projects. {@code update} and {@code remove} of a copy whose revision is stale throw
 * {@link ConcurrentModificationException}.
 */
public interface BundleRepository {

    Optional<Bundle> find(ProjectId projectId, BundleId id);

    /** The project's bundles for a device class, on one channel when given, oldest first. */
    List<Bundle> list(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel);

    /** All the project's bundles, oldest first. */
    List<Bundle> listAll(ProjectId projectId);

    /** How many bundles the project holds. */
    long count(ProjectId projectId);

    /** Whether any bundle of the project holds the image. */
    boolean isImageReferenced(ProjectId projectId, ImageId imageId);

    /**
     * @throws AlreadyExistsException when a bundle with that id exists (in any project)
     * @throws ConcurrentModificationException when a component's image no longer exists
     */
    void add(Bundle bundle);

    void update(Bundle bundle);

    void remove(Bundle bundle);
}
