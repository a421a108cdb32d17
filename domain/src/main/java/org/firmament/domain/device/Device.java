package org.firmament.domain.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Aggregate: a device of a project, with its class, an optional channel override, the hash of
 * its API key (seed 003's device token), what it reports as installed (a bundle, versions per
 * firmware type), what an operator pinned for it, and when it was last seen.
 */
public final class Device {

    private final DeviceId id;
    private final ProjectId projectId;
    private DeviceClass deviceClass;
    private Channel channelOverride;
    private SecretHash apiKeyHash;
    private BundleId installedBundle;
    private InstalledVersions installedVersions;
    private UpdatePin pin;
    private Instant lastSeen;
    private final Instant createdAt;
    private final long revision;

    private Device(DeviceId id, ProjectId projectId, DeviceClass deviceClass, Channel channelOverride,
                   SecretHash apiKeyHash, BundleId installedBundle, InstalledVersions installedVersions,
                   UpdatePin pin, Instant lastSeen, Instant createdAt, long revision) {
        this.id = Names.requirePresent("deviceId", id);
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.deviceClass = Names.requirePresent("deviceClass", deviceClass);
        this.channelOverride = channelOverride;
        this.apiKeyHash = Objects.requireNonNull(apiKeyHash, "apiKeyHash");
        this.installedBundle = installedBundle;
        this.installedVersions = Objects.requireNonNull(installedVersions, "installedVersions");
        this.pin = pin;
        this.lastSeen = lastSeen;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.revision = revision;
    }

    public static Device register(DeviceId id, ProjectId projectId, DeviceClass deviceClass, Channel channelOverride,
                                  SecretHash apiKeyHash, Instant now) {
        return new Device(id, projectId, deviceClass, channelOverride, apiKeyHash, null, InstalledVersions.NONE, null,
                null, now, 0);
    }

    public static Device reconstitute(DeviceId id, ProjectId projectId, DeviceClass deviceClass,
                                      Channel channelOverride, SecretHash apiKeyHash, BundleId installedBundle,
                                      InstalledVersions installedVersions, UpdatePin pin, Instant lastSeen,
                                      Instant createdAt, long revision) {
        return new Device(id, projectId, deviceClass, channelOverride, apiKeyHash, installedBundle,
                installedVersions, pin, lastSeen, createdAt, revision);
    }

    /** Rule: a device follows its own channel override, else its project's default channel. */
    public Channel effectiveChannel(Project project) {
        if (!project.id().equals(projectId)) {
            throw new IllegalArgumentException("device " + id + " does not belong to project " + project.id());
        }
        return channelOverride != null ? channelOverride : project.defaultChannel();
    }

    public void reclassify(DeviceClass newClass) {
        this.deviceClass = Names.requirePresent("deviceClass", newClass);
    }

    /** Sets or (with null) clears the channel override. */
    public void overrideChannel(Channel channel) {
        this.channelOverride = channel;
    }

    public void rotateKey(SecretHash newKeyHash) {
        this.apiKeyHash = Objects.requireNonNull(newKeyHash, "newKeyHash");
    }

    public boolean authenticates(String presentedKey) {
        return apiKeyHash.matches(presentedKey);
    }

    /** Records the bundle the device says it has installed (seed 002's Firmware Info). */
    public void reportInstalled(BundleId bundleId, Instant now) {
        this.installedBundle = Names.requirePresent("bundleId", bundleId);
        seen(now);
    }

    /** Records the firmware versions the device says it runs; types it does not name keep what was known. */
    public void reportVersions(InstalledVersions reported, Instant now) {
        this.installedVersions = installedVersions.merge(Names.requirePresent("installed", reported));
        seen(now);
    }

    /** Sets or (with null) clears what the operator pinned for this device; see {@link UpdatePolicy}. */
    public void pin(UpdatePin newPin) {
        this.pin = newPin;
    }

    public void seen(Instant now) {
        Objects.requireNonNull(now, "now");
        if (lastSeen == null || now.isAfter(lastSeen)) {
            lastSeen = now;
        }
    }

    public DeviceId id() {
        return id;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    public Optional<Channel> channelOverride() {
        return Optional.ofNullable(channelOverride);
    }

    public SecretHash apiKeyHash() {
        return apiKeyHash;
    }

    public Optional<BundleId> installedBundle() {
        return Optional.ofNullable(installedBundle);
    }

    public InstalledVersions installedVersions() {
        return installedVersions;
    }

    public Optional<UpdatePin> pin() {
        return Optional.ofNullable(pin);
    }

    public Optional<Instant> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long revision() {
        return revision;
    }
}
