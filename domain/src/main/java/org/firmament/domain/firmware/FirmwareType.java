package org.firmament.domain.firmware;

import java.time.Instant;
import java.util.Objects;
import org.firmament.domain.Names;
import org.firmament.domain.project.ProjectId;

/** Aggregate: a line of firmware in a project that receives versions written in one {@link VersionScheme}. */
public final class FirmwareType {

    private final ProjectId projectId;
    private final FirmwareTypeName name;
    private final VersionScheme scheme;
    private final Instant createdAt;

    private FirmwareType(ProjectId projectId, FirmwareTypeName name, VersionScheme scheme, Instant createdAt) {
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.name = Names.requirePresent("type", name);
        this.scheme = Names.requirePresent("versionScheme", scheme);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public static FirmwareType create(ProjectId projectId, FirmwareTypeName name, VersionScheme scheme, Instant now) {
        return new FirmwareType(projectId, name, scheme, now);
    }

    public static FirmwareType reconstitute(ProjectId projectId, FirmwareTypeName name, VersionScheme scheme,
                                            Instant createdAt) {
        return new FirmwareType(projectId, name, scheme, createdAt);
    }

    /** Checks that {@code version} is written in this type's scheme and returns it. */
    public FirmwareVersion acceptVersion(FirmwareVersion version) {
        Names.requirePresent("version", version);
        scheme.validate(version);
        return version;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public FirmwareTypeName name() {
        return name;
    }

    public VersionScheme scheme() {
        return scheme;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
