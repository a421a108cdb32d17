package org.firmament.domain.access;

import java.util.Objects;
import java.util.Set;
import org.firmament.domain.Names;
import org.firmament.domain.project.ProjectId;

/** What a verified user token grants: its subject, the projects it names and the role in them. */
public record UserGrant(String subject, Set<ProjectId> projects, Role role) {

    public UserGrant {
        subject = Names.requireText("sub", subject, 255);
        projects = Set.copyOf(Names.requirePresent("projects", projects));
        Objects.requireNonNull(role, "role");
    }
}
