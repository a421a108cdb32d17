package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import java.util.Set;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.Principal;
import org.firmament.domain.device.Device;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter: what the caller of one request may do, applied the same way on every surface.
 * What a caller may not see is "not found" (so existence does not leak); what it may see but not
 * change is "forbidden"; a device is never an operator. The rules themselves are the domain's
 * ({@link Principal}); this class turns them into the failures each surface words its own way.
 */
public final class Access {

    /** Names the project to act on, for surfaces whose paths have none. */
    public static final String PROJECT_HEADER = "X-Firmament-Project";

    private final Principal principal;
    private final String projectHeader;

    private Access(Principal principal, String projectHeader) {
        this.principal = principal;
        this.projectHeader = projectHeader;
    }

    /** What {@link AuthenticationFilter} recognised for the request {@code security} belongs to. */
    public static Access of(SecurityContext security) {
        return security != null && security.getUserPrincipal() instanceof CallerContext.Caller caller
                ? caller.access()
                : new Access(new Principal.Nobody(), null);
    }

    /** The caller's access, with the project it names ({@code X-Firmament-Project}, may be null), parsed on use. */
    static Access of(Principal principal, String projectHeader) {
        return new Access(principal, projectHeader);
    }

    public Principal principal() {
        return principal;
    }

    /** Who the audit log names for a change made by this caller. */
    public Actor actor() {
        return principal.actor().orElseThrow(() -> new Unauthenticated(Unauthenticated.Reason.MISSING));
    }

    /** The calling device, when a device key was presented. */
    public Optional<Device> device() {
        return principal instanceof Principal.DeviceKey key ? Optional.of(key.device()) : Optional.empty();
    }

    /** The project an operator reads on a surface without projects in its paths. */
    public ProjectId readableProject() {
        requireOperator();
        return requireRead(principal.workingProject(requestedProject()));
    }

    /** The calling device's project, or else the project an operator reads: for questions devices ask too. */
    public ProjectId deviceOrReadableProject() {
        return device().map(Device::projectId).orElseGet(this::readableProject);
    }

    /** The project an operator changes on a surface without projects in its paths. */
    public ProjectId writableProject() {
        return requireWrite(readableProject());
    }

    /** {@code project}, for an operator who may see it; anyone else learns nothing about it. */
    public ProjectId requireRead(ProjectId project) {
        requireOperator();
        if (!principal.sees(project)) {
            throw new NotFoundException(NotFoundException.Subject.PROJECT, project.toString());
        }
        return project;
    }

    /** {@code project}, for an operator who may change it. */
    public ProjectId requireWrite(ProjectId project) {
        requireRead(project);
        if (!principal.changes(project)) {
            throw new Forbidden("This credential may read project " + project + " but not change it");
        }
        return project;
    }

    /** The projects this operator may see, or empty when it sees them all (the admin). */
    public Optional<Set<ProjectId>> visibleProjects() {
        requireOperator();
        if (principal instanceof Principal.ProjectKey key) {
            return Optional.of(Set.of(key.project()));
        }
        if (principal instanceof Principal.User user) {
            return Optional.of(user.grant().projects());
        }
        return Optional.empty();
    }

    /** The admin token's holder, for what spans projects (creating and deleting them). */
    public void requireAdmin() {
        requireOperator();
        if (!(principal instanceof Principal.Admin)) {
            throw new Forbidden("Only the admin token may do this");
        }
    }

    /** Anyone but a device or nobody. */
    public void requireOperator() {
        if (principal instanceof Principal.Nobody) {
            throw new Unauthenticated(Unauthenticated.Reason.MISSING);
        }
        if (!principal.isOperator()) {
            throw new Forbidden("A device key may only be used on the device endpoints");
        }
    }

    private Optional<ProjectId> requestedProject() {
        if (projectHeader == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProjectId.parse(projectHeader.trim()));
        } catch (InvalidValueException malformed) {
            throw new InvalidValueException("projectId", PROJECT_HEADER + " must be a positive integer project id");
        }
    }
}
