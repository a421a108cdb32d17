package org.firmament.domain.firmware;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.project.ProjectId;

/**
 * Aggregate: one version of one firmware type, with its artifact once there is one.
 *
 * <p>An image is <em>confirmed</em> when its bytes are held by Firmament and were measured on the
 * way in (size, SHA-1, SHA-256); an image that only points at an external URL, or has no
 * artifact yet, is not.
 */
public final class FirmwareImage {

    private final ImageId id;
    private final ProjectId projectId;
    private FirmwareTypeName typeName;
    private FirmwareVersion version;
    private final Instant createdAt;
    private Artifact artifact;
    private final long revision;

    private FirmwareImage(ImageId id, ProjectId projectId, FirmwareTypeName typeName, FirmwareVersion version,
                          Instant createdAt, Artifact artifact, long revision) {
        this.id = Objects.requireNonNull(id, "id");
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.typeName = Names.requirePresent("type", typeName);
        this.version = Names.requirePresent("version", version);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.artifact = artifact;
        this.revision = revision;
    }

    /**
     * A new image of {@code type}; the version must be written in the type's scheme. Whether the
     * version is still free is {@link UniqueVersionPerType}'s question, asked by the use case.
     */
    public static FirmwareImage create(ImageId id, FirmwareType type, FirmwareVersion version, Instant now) {
        Names.requirePresent("type", type);
        return new FirmwareImage(id, type.projectId(), type.name(), type.acceptVersion(version), now, null, 0);
    }

    /** Rebuilds a stored image; {@code artifact} may be null when none was attached. */
    public static FirmwareImage reconstitute(ImageId id, ProjectId projectId, FirmwareTypeName typeName,
                                            FirmwareVersion version, Instant createdAt, Artifact artifact,
                                            long revision) {
        return new FirmwareImage(id, projectId, typeName, version, createdAt, artifact, revision);
    }

    /**
     * Makes {@code binary} this image's artifact and returns the artifact it replaces, whose
     * stored bytes the caller releases once the change is committed.
     */
    public Optional<Artifact> attachBinary(Artifact.StoredBinary binary) {
        Names.requirePresent("binary", binary);
        Optional<Artifact> previous = artifact();
        this.artifact = binary;
        return previous;
    }

    /** Points this image at a file published elsewhere; returns the artifact it replaces. */
    public Optional<Artifact> pointTo(Artifact.ExternalUrl url) {
        Names.requirePresent("url", url);
        Optional<Artifact> previous = artifact();
        this.artifact = url;
        return previous;
    }

    /** Removes the stored binary and returns it; an image without one answers "no binary". */
    public Artifact.StoredBinary detachBinary() {
        if (!(artifact instanceof Artifact.StoredBinary binary)) {
            throw new NotFoundException(NotFoundException.Subject.BINARY, id.toString());
        }
        this.artifact = null;
        return binary;
    }

    /** Moves this image to another type or version (seed 000's PUT); the new version must fit the type. */
    public void reclassify(FirmwareType type, FirmwareVersion newVersion) {
        Names.requirePresent("type", type);
        if (!type.projectId().equals(projectId)) {
            throw new IllegalArgumentException("type belongs to another project");
        }
        this.version = type.acceptVersion(newVersion);
        this.typeName = type.name();
    }

    public boolean confirmed() {
        return artifact instanceof Artifact.StoredBinary;
    }

    public Optional<Artifact.StoredBinary> storedBinary() {
        return artifact instanceof Artifact.StoredBinary binary ? Optional.of(binary) : Optional.empty();
    }

    public ImageId id() {
        return id;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public FirmwareTypeName typeName() {
        return typeName;
    }

    public FirmwareVersion version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Artifact> artifact() {
        return Optional.ofNullable(artifact);
    }

    /** The stored revision this copy was read at; the repository refuses a write based on an older one. */
    public long revision() {
        return revision;
    }
}
