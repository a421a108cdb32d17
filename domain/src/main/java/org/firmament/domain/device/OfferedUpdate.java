package org.firmament.domain.device;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.IllegalTransitionException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Aggregate: an {@link UpdateDecision} handed to a device through the device API, and how far the
 * device got with it. The images are copied (id, type, version) so the history stays readable
 * after an image or bundle is deleted.
 */
public final class OfferedUpdate {

    public static final int MAX_MESSAGE_LENGTH = DeviceUpdate.MAX_MESSAGE_LENGTH;

    /** One image of the update as it was offered. */
    public record Item(ImageId imageId, FirmwareTypeName typeName, FirmwareVersion version) {
        public Item {
            Names.requirePresent("imageId", imageId);
            Names.requirePresent("type", typeName);
            Names.requirePresent("version", version);
        }

        static Item of(FirmwareImage image) {
            return new Item(image.id(), image.typeName(), image.version());
        }
    }

    private final UUID id;
    private final ProjectId projectId;
    private final DeviceId deviceId;
    private final UpdateDecision.Kind kind;
    private final BundleId bundleId;
    private final List<Item> items;
    private final String fingerprint;
    private final boolean pinned;
    private final Instant offeredAt;
    private UpdateState state;
    private String message;
    private Instant updatedAt;
    private final long revision;

    private OfferedUpdate(UUID id, ProjectId projectId, DeviceId deviceId, UpdateDecision.Kind kind, BundleId bundleId,
                          List<Item> items, String fingerprint, boolean pinned, Instant offeredAt, UpdateState state,
                          String message, Instant updatedAt, long revision) {
        this.id = Objects.requireNonNull(id, "id");
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.deviceId = Names.requirePresent("deviceId", deviceId);
        this.kind = Objects.requireNonNull(kind, "kind");
        if ((kind == UpdateDecision.Kind.BUNDLE) != (bundleId != null)) {
            throw new IllegalArgumentException("a bundle update names its bundle, an image update none");
        }
        this.bundleId = bundleId;
        this.items = List.copyOf(items);
        if (this.items.isEmpty()) {
            throw new IllegalArgumentException("an update installs at least one image");
        }
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.pinned = pinned;
        this.offeredAt = Objects.requireNonNull(offeredAt, "offeredAt");
        this.state = Objects.requireNonNull(state, "state");
        this.message = message;
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.revision = revision;
    }

    /**
     * The id of the update that offers {@code decision} to {@code device} after {@code previous}
     * (its latest update, if any): derived from these alone, so two check-ins of one device that
     * race to record the same decision name the same update, and the second one's insert fails
     * instead of recording it twice. A retry after a failure follows another previous update, so
     * it gets a new id.
     */
    public static UUID idFor(Device device, UpdateDecision decision, Optional<OfferedUpdate> previous) {
        String name = device.projectId() + "\n" + device.id() + "\n" + decision.fingerprint() + "\n"
                + previous.map(update -> update.id().toString()).orElse("-");
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A new update offering {@code decision} to {@code device}. */
    public static OfferedUpdate offer(UUID id, Device device, UpdateDecision decision, Instant now) {
        return new OfferedUpdate(id, device.projectId(), device.id(), decision.kind(),
                decision.bundleId().orElse(null), decision.images().stream().map(Item::of).toList(),
                decision.fingerprint(), decision.pinned(), now, UpdateState.ASSIGNED, null, now, 0);
    }

    public static OfferedUpdate reconstitute(UUID id, ProjectId projectId, DeviceId deviceId, UpdateDecision.Kind kind,
                                             BundleId bundleId, List<Item> items, String fingerprint, boolean pinned,
                                             Instant offeredAt, UpdateState state, String message, Instant updatedAt,
                                             long revision) {
        return new OfferedUpdate(id, projectId, deviceId, kind, bundleId, items, fingerprint, pinned, offeredAt, state,
                message, updatedAt, revision);
    }

    /**
     * Rule: whether a device that is offered this update again should get this very update: while
     * it offers the same content and has not ended. A failed or superseded update is followed by a
     * new one (a retry), a succeeded one by nothing of the same content.
     */
    public boolean stillOffers(UpdateDecision decision) {
        return fingerprint.equals(decision.fingerprint()) && !state.isFinal();
    }

    /** Whether this update already installed what {@code decision} offers. */
    public boolean installed(UpdateDecision decision) {
        return fingerprint.equals(decision.fingerprint()) && state == UpdateState.SUCCEEDED;
    }

    /**
     * Records the device's progress along the rule of {@link UpdateState#canMoveTo}; repeating the
     * current state changes nothing but the message.
     *
     * @throws InvalidValueException when {@code newState} is not one a device reports, or the message is too long
     * @throws IllegalTransitionException when the update cannot move to {@code newState}
     */
    public void report(UpdateState newState, String newMessage, Instant now) {
        Names.requirePresent("status", newState);
        if (!newState.isReportable()) {
            throw new InvalidValueException("status", "a device reports downloading, installing, succeeded or failed");
        }
        String text = newMessage == null ? null : Names.requireFreeText("message", newMessage, MAX_MESSAGE_LENGTH);
        if (!state.canMoveTo(newState)) {
            throw new IllegalTransitionException("update " + id + " is " + state.name().toLowerCase()
                    + " and cannot become " + newState.name().toLowerCase());
        }
        this.state = newState;
        this.message = text;
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    /** The server replaces an update the device had not finished with a newer decision. */
    public void supersede(Instant now) {
        if (!state.isFinal()) {
            this.state = UpdateState.SUPERSEDED;
            this.message = "superseded by a newer update";
            this.updatedAt = Objects.requireNonNull(now, "now");
        }
    }

    /** What the device runs once this update succeeded: the bundle and each image's version. */
    public void applyTo(Device device, Instant now) {
        InstalledVersions versions = InstalledVersions.NONE;
        for (Item item : items) {
            versions = versions.with(item.typeName(), item.version());
        }
        device.reportVersions(versions, now);
        if (bundleId != null) {
            device.reportInstalled(bundleId, now);
        }
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

    public UpdateDecision.Kind kind() {
        return kind;
    }

    public Optional<BundleId> bundleId() {
        return Optional.ofNullable(bundleId);
    }

    public List<Item> items() {
        return items;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public boolean pinned() {
        return pinned;
    }

    public Instant offeredAt() {
        return offeredAt;
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
