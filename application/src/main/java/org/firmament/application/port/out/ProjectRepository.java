package org.firmament.application.port.out;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: stored projects. Called inside a {@link TransactionBoundary}. Project 1 exists from
 * the first start (the schema creates it); every other project id comes from {@link #nextId}.
 */
public interface ProjectRepository {

    Optional<Project> find(ProjectId id);

    /**
     * The project, as {@link #find}, its row held until the transaction ends: another transaction's
     * lock of it waits until then, or fails with a {@link ConcurrentModificationException} when the
     * database's lock timeout ends first (H2's is 2 seconds). What must not interleave with a
     * project's deletion (an API key's creation, which the deletion must see to announce it) locks
     * the project first: before it writes anything under the project in that transaction, since a
     * row written under it holds the project against its deletion, and the deletion, holding this
     * lock, would then wait for that transaction while it waits for the lock.
     */
    Optional<Project> lock(ProjectId id);

    /** A page of all projects, ordered by id. */
    List<Project> list(int offset, int limit);

    long count();

    /**
     * An id for a new project that no project has had before, not even a deleted one, so nothing
     * kept under a project id (its audit log) can ever be read as another project's. Ids are
     * drawn whether or not the transaction commits; gaps are normal.
     */
    ProjectId nextId();

    /** @throws AlreadyExistsException when a project with that id exists */
    void add(Project project);

    /**
     * Stores the project's changed name, public-OTA flag and default channel.
     *
     * @throws ConcurrentModificationException when the copy is stale or the project is gone
     */
    void update(Project project);

    /**
     * Removes the project together with its firmware types.
     *
     * @throws ConcurrentModificationException when the copy is stale or the project is gone, and
     *     when the project still holds firmware images, bundles or devices: callers check that
     *     first, so this only happens when another request added one meanwhile
     */
    void remove(Project project);
}
