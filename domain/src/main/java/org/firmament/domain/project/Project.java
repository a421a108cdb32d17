package org.firmament.domain.project;

import java.time.Instant;
import java.util.Objects;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.Channel;

/** Aggregate: a tenant that owns firmware, bundles and devices, and may allow public OTA. */
public final class Project {

    /** Longest project name accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    private final ProjectId id;
    private String name;
    private boolean publicOta;
    private Channel defaultChannel;
    private final Instant createdAt;
    private final long revision;

    private Project(ProjectId id, String name, boolean publicOta, Channel defaultChannel, Instant createdAt,
                    long revision) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Names.requireText("name", name, MAX_NAME_LENGTH);
        this.publicOta = publicOta;
        this.defaultChannel = Names.requirePresent("defaultChannel", defaultChannel);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.revision = revision;
    }

    /** A new project: private, on the "stable" channel. */
    public static Project create(ProjectId id, String name, Instant now) {
        return new Project(id, name, false, Channel.STABLE, now, 0);
    }

    /** Rebuilds a stored project; runs the same validation as {@link #create}. */
    public static Project reconstitute(ProjectId id, String name, boolean publicOta, Channel defaultChannel,
                                       Instant createdAt, long revision) {
        return new Project(id, name, publicOta, defaultChannel, createdAt, revision);
    }

    public void rename(String newName) {
        this.name = Names.requireText("name", newName, MAX_NAME_LENGTH);
    }

    public void allowPublicOta(boolean allowed) {
        this.publicOta = allowed;
    }

    public void changeDefaultChannel(Channel channel) {
        this.defaultChannel = Names.requirePresent("defaultChannel", channel);
    }

    public ProjectId id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean publicOta() {
        return publicOta;
    }

    public Channel defaultChannel() {
        return defaultChannel;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The stored revision this copy was read at; the repository refuses a write based on an older one. */
    public long revision() {
        return revision;
    }
}
