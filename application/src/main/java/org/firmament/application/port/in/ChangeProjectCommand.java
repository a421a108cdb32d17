package org.firmament.application.port.in;

import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.project.ProjectId;

/** Change any of a project's name, public-OTA flag and default channel; empty fields stay as they are. */
public record ChangeProjectCommand(ProjectId projectId, Optional<String> name, Optional<Boolean> publicOta,
                                   Optional<Channel> defaultChannel) {

    public ChangeProjectCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("name", name);
        Names.requirePresent("publicOta", publicOta);
        Names.requirePresent("defaultChannel", defaultChannel);
    }
}
