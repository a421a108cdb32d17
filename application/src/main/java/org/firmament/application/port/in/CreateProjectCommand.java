package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.Project;

/**
 * Create a project named {@code name}; without {@code publicOta} it is private, without
 * {@code defaultChannel} on "stable". The server assigns its id.
 */
public record CreateProjectCommand(String name, Optional<Boolean> publicOta, Optional<Channel> defaultChannel) {

    public CreateProjectCommand {
        Names.requireText("name", name, Project.MAX_NAME_LENGTH);
        Names.requirePresent("publicOta", publicOta);
        Names.requirePresent("defaultChannel", defaultChannel);
    }
}
