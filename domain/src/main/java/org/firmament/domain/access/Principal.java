package org.firmament.domain.access;

import java.util.Objects;
import java.util.Optional;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.device.Device;
import org.firmament.domain.project.ProjectId;

/**
 * Who is calling, once their credential is checked, and the rules of what each kind of caller may
 * see and change. The rules are the same on every surface:
 *
 * <ul>
 *   <li>the admin token sees and changes every project;</li>
 *   <li>a project API key sees its own project; a {@code write} key also changes it;</li>
 *   <li>a user sees the projects its token names, and changes them with the {@code write} role;</li>
 *   <li>a device is not an operator: it sees only what the device paths give it (its own bundles,
 *       updates, downloads and reports), never the management of a project;</li>
 *   <li>nobody (no credential) sees nothing but the public paths.</li>
 * </ul>
 */
public sealed interface Principal {

    /** Who the audit log names for what this caller changes; empty for nobody. */
    Optional<Actor> actor();

    /** Whether this caller may read {@code project}'s firmware, bundles and devices as an operator; none by default. */
    default boolean sees(ProjectId project) {
        return false;
    }

    /** Whether this caller may change {@code project}. Implies {@link #sees}; none by default. */
    default boolean changes(ProjectId project) {
        return false;
    }

    /** Whether this caller manages projects (the admin, a project key, a user), as opposed to a device or nobody. */
    default boolean isOperator() {
        return false;
    }

    /**
     * The project that surfaces without a project in their paths act on: the credential's own
     * project, or for the admin and users with several projects {@code requested} when given and
     * project 1 otherwise.
     *
     * @throws NotFoundException with subject PROJECT when the caller may not see the project it asks for
     */
    ProjectId workingProject(Optional<ProjectId> requested);

    /** The holder of the admin token. */
    record Admin() implements Principal {
        @Override
        public Optional<Actor> actor() {
            return Optional.of(Actor.ADMIN);
        }

        @Override
        public boolean sees(ProjectId project) {
            return true;
        }

        @Override
        public boolean changes(ProjectId project) {
            return true;
        }

        @Override
        public boolean isOperator() {
            return true;
        }

        @Override
        public ProjectId workingProject(Optional<ProjectId> requested) {
            return requested.orElse(ProjectId.DEFAULT);
        }
    }

    /** A project API key: {@code keyId} is its public id, never the secret. */
    record ProjectKey(String keyId, ProjectId project, Role role) implements Principal {
        public ProjectKey {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(role, "role");
        }

        @Override
        public Optional<Actor> actor() {
            return Optional.of(Actor.apiKey(keyId));
        }

        @Override
        public boolean sees(ProjectId candidate) {
            return project.equals(candidate);
        }

        @Override
        public boolean changes(ProjectId candidate) {
            return sees(candidate) && role == Role.WRITE;
        }

        @Override
        public boolean isOperator() {
            return true;
        }

        @Override
        public ProjectId workingProject(Optional<ProjectId> requested) {
            return Principal.ownProject(project, requested);
        }
    }

    /** A user authenticated by a token of the configured identity provider. */
    record User(UserGrant grant) implements Principal {
        public User {
            Objects.requireNonNull(grant, "grant");
        }

        @Override
        public Optional<Actor> actor() {
            return Optional.of(Actor.user(grant.subject()));
        }

        @Override
        public boolean sees(ProjectId project) {
            return grant.projects().contains(project);
        }

        @Override
        public boolean changes(ProjectId project) {
            return sees(project) && grant.role() == Role.WRITE;
        }

        @Override
        public boolean isOperator() {
            return true;
        }

        @Override
        public ProjectId workingProject(Optional<ProjectId> requested) {
            if (requested.isEmpty() && grant.projects().size() == 1) {
                return grant.projects().iterator().next();
            }
            ProjectId project = requested.orElse(ProjectId.DEFAULT);
            if (!sees(project)) {
                throw new NotFoundException(NotFoundException.Subject.PROJECT, project.toString());
            }
            return project;
        }
    }

    /** A device, by its own API key; {@code device} is as it was when the key was checked. */
    record DeviceKey(Device device) implements Principal {
        public DeviceKey {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public Optional<Actor> actor() {
            return Optional.of(Actor.device(device.id().value()));
        }

        @Override
        public ProjectId workingProject(Optional<ProjectId> requested) {
            return Principal.ownProject(device.projectId(), requested);
        }
    }

    /** A request without a credential. */
    record Nobody() implements Principal {
        @Override
        public Optional<Actor> actor() {
            return Optional.empty();
        }

        @Override
        public ProjectId workingProject(Optional<ProjectId> requested) {
            return requested.orElse(ProjectId.DEFAULT);
        }
    }

    private static ProjectId ownProject(ProjectId own, Optional<ProjectId> requested) {
        if (requested.isPresent() && !requested.get().equals(own)) {
            throw new NotFoundException(NotFoundException.Subject.PROJECT, requested.get().toString());
        }
        return own;
    }
}
