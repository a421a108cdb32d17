package org.firmament.domain.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.Names;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * Aggregate: one firmware image assigned to one device (seed 003's OTA record), and how far the
 * device has got with it.
 */
public final class DeviceUpdate {

    public static final int MAX_MESSAGE_LENGTH = 1000;

    private final UUID id;
    private final ProjectId projectId;
    private final DeviceId deviceId;
    private final ImageId imageId;
    private final FirmwareVersion version;
    private final Instant assignedAt;
    private UpdateState state;
    private String message;
    private Instant updatedAt;
    private final long revision;

    private DeviceUpdate(UUID id, ProjectId projectId, DeviceId deviceId, ImageId imageId, FirmwareVersion version,
                         Instant assignedAt, UpdateState state, String message, Instant updatedAt, long revision) {
        this.id = Objects.requireNonNull(id, "id");
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.deviceId = Names.requirePresent("deviceId", deviceId);
        this.imageId = Names.requirePresent("imageId", imageId);
        this.version = Names.requirePresent("version", version);
        this.assignedAt = Objects.requireNonNull(assignedAt, "assignedAt");
        this.state = Objects.requireNonNull(state, "state");
        this.message = message;
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.revision = revision;
    }

    /**
     * Rule (seed 003): an update is triggered only when the new version differs from the one the
     * device was last given. Returns empty when {@code previous} already carries that version.
     */
    public static Optional<DeviceUpdate> assignIfDifferent(UUID id, Device device, FirmwareImage image,
                                                           Optional<DeviceUpdate> previous, Instant now) {
        if (!device.projectId().equals(image.projectId())) {
            throw new IllegalArgumentException("device and image belong to different projects");
        }
        boolean same = previous.map(p -> !VersionScheme.OPAQUE.isUpgrade(p.version(), image.version()))
                .orElse(false);
        if (same) {
            return Optional.empty();
        }
        return Optional.of(new DeviceUpdate(id, device.projectId(), device.id(), image.id(), image.version(), now,
                UpdateState.ASSIGNED, null, now, 0));
    }

    public static DeviceUpdate reconstitute(UUID id, ProjectId projectId, DeviceId deviceId, ImageId imageId,
                                            FirmwareVersion version, Instant assignedAt, UpdateState state,
                                            String message, Instant updatedAt, long revision) {
        return new DeviceUpdate(id, projectId, deviceId, imageId, version, assignedAt, state, message, updatedAt,
                revision);
    }

    /** Records the device's progress; a final state cannot be left. */
    public void report(UpdateState newState, String newMessage, Instant now) {
        Names.requirePresent("state", newState);
        if (state.isFinal()) {
            throw new RuleViolationException("state", "update " + id + " is already " + state);
        }
        if (newMessage != null && newMessage.length() > MAX_MESSAGE_LENGTH) {
            throw new org.firmament.domain.InvalidValueException("message",
                    "message is longer than " + MAX_MESSAGE_LENGTH + " characters");
        }
        this.state = newState;
        this.message = newMessage;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public ImageId imageId() {
        return imageId;
    }

    public FirmwareVersion version() {
        return version;
    }

    public Instant assignedAt() {
        return assignedAt;
    }

    public UpdateState state() {
        return state;
    }

    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long revision() {
        return revision;
    }
}
