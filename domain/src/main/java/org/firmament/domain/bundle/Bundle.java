package org.firmament.domain.bundle;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.firmament.domain.Names;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.project.ProjectId;

/**
 * Aggregate: a named set of firmware images for one device class of a project, published on
 * one channel. Rule: a bundle holds at most one image per firmware type.
 */
public final class Bundle {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    public static final int MAX_COMPONENTS = 256;

    private final BundleId id;
    private final ProjectId projectId;
    private String name;
    private String description;
    private DeviceClass deviceClass;
    private Channel channel;
    private List<BundleComponent> components;
    private final Instant createdAt;
    private final long revision;

    private Bundle(BundleId id, ProjectId projectId, String name, String description, DeviceClass deviceClass,
                   Channel channel, List<BundleComponent> components, Instant createdAt, long revision) {
        this.id = Names.requirePresent("id", id);
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.revision = revision;
        describe(name, description);
        target(deviceClass, channel);
        replaceComponents(components);
    }

    public static Bundle create(BundleId id, ProjectId projectId, String name, String description,
                                DeviceClass deviceClass, Channel channel, List<BundleComponent> components,
                                Instant now) {
        return new Bundle(id, projectId, name, description, deviceClass, channel, components, now, 0);
    }

    public static Bundle reconstitute(BundleId id, ProjectId projectId, String name, String description,
                                      DeviceClass deviceClass, Channel channel, List<BundleComponent> components,
                                      Instant createdAt, long revision) {
        return new Bundle(id, projectId, name, description, deviceClass, channel, components, createdAt, revision);
    }

    public void describe(String newName, String newDescription) {
        this.name = Names.requireText("name", newName, MAX_NAME_LENGTH);
        this.description = Names.requireFreeText("description", newDescription, MAX_DESCRIPTION_LENGTH);
    }

    public void target(DeviceClass newDeviceClass, Channel newChannel) {
        this.deviceClass = Names.requirePresent("deviceClass", newDeviceClass);
        this.channel = Names.requirePresent("channel", newChannel);
    }

    /** Refuses more components than a bundle holds; commands check it before anything is read. */
    public static void checkComponentCount(int count) {
        if (count > MAX_COMPONENTS) {
            throw new RuleViolationException("components", "a bundle holds at most " + MAX_COMPONENTS + " components");
        }
    }

    /** Replaces the components; refuses two images of one firmware type. */
    public void replaceComponents(List<BundleComponent> newComponents) {
        Names.requirePresent("components", newComponents);
        checkComponentCount(newComponents.size());
        Set<Object> types = new HashSet<>();
        for (BundleComponent component : newComponents) {
            Names.requirePresent("components", component);
            if (!types.add(component.typeName())) {
                throw new RuleViolationException("components",
                        "a bundle holds at most one image of each firmware type; " + component.typeName()
                                + " appears twice");
            }
        }
        this.components = List.copyOf(newComponents);
    }

    public BundleId id() {
        return id;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    public Channel channel() {
        return channel;
    }

    public List<BundleComponent> components() {
        return components;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long revision() {
        return revision;
    }
}
