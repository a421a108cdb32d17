package org.firmament.application.port.in;

import org.firmament.domain.access.Actor;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.project.ProjectId;

/** Use case: create, change and delete bundles. */
public interface ManageBundlesUseCase {

    /**
     * @throws org.firmament.domain.NotFoundException with subject PROJECT for an unknown project,
     *     with subject IMAGE when a component names an image the project does not have
     * @throws org.firmament.domain.RuleViolationException when two components are images of one type
     */
    ResolvedBundle create(BundleCommand command, Actor actor);

    /**
     * Replaces what the bundle is; its project cannot change.
     *
     * @throws org.firmament.domain.NotFoundException with subject BUNDLE when the project has no such bundle
     */
    ResolvedBundle replace(BundleId id, BundleCommand command, Actor actor);

    /** @throws org.firmament.domain.NotFoundException with subject BUNDLE when the project has no such bundle */
    void delete(ProjectId projectId, BundleId id, Actor actor);
}
