package org.firmament.adapters.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdatePin;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * Persistence adapter: maps rows to aggregates and back, by hand. Aggregates are rebuilt only
 * through their {@code reconstitute} factories, so a stored row passes the same validation as
 * a new aggregate.
 */
final class EntityMapping {

    private EntityMapping() {
    }

    static Project toProject(ProjectEntity row) {
        return Project.reconstitute(ProjectId.of(row.id), row.name, row.publicOta, Channel.of(row.defaultChannel),
                row.createdAt, row.rowVersion);
    }

    /** A new row for {@code project}; its version column stays empty so Hibernate inserts it. */
    static ProjectEntity toNewRow(Project project) {
        ProjectEntity row = new ProjectEntity(project.id().value(), project.createdAt());
        copyChangeableState(project, row);
        return row;
    }

    /** Copies what a project may change after creation (name, public OTA, default channel) onto its row. */
    static void copyChangeableState(Project project, ProjectEntity row) {
        row.name = project.name();
        row.publicOta = project.publicOta();
        row.defaultChannel = project.defaultChannel().value();
    }

    static AuditEntry toAuditEntry(AuditEntryEntity row) {
        return new AuditEntry(ProjectId.of(row.projectId), row.recordedAt,
                new Actor(Actor.Kind.valueOf(row.actorKind), row.actorId), AuditEntry.Action.valueOf(row.action),
                AuditEntry.Subject.valueOf(row.subject), row.subjectId, row.summary);
    }

    static AuditEntryEntity toRow(AuditEntry entry) {
        return new AuditEntryEntity(entry.projectId().value(), entry.at(), entry.actor().kind().name(),
                entry.actor().id(), entry.action().name(), entry.subject().name(), entry.subjectId(), entry.summary());
    }

    static FirmwareType toFirmwareType(FirmwareTypeEntity row) {
        return FirmwareType.reconstitute(CanonicalValues.project(row.key.projectId()),
                CanonicalValues.typeName(row.key.name()),
                VersionScheme.valueOf(row.versionScheme), row.createdAt);
    }

    static FirmwareTypeEntity toRow(FirmwareType type) {
        return new FirmwareTypeEntity(typeKey(type.projectId(), type.name()), type.scheme().name(),
                type.createdAt());
    }

    static FirmwareTypeKey typeKey(ProjectId projectId, FirmwareTypeName name) {
        return new FirmwareTypeKey(projectId.value(), name.value());
    }

    static FirmwareImage toFirmwareImage(FirmwareImageEntity row) {
        return FirmwareImage.reconstitute(CanonicalValues.image(row.id), CanonicalValues.project(row.projectId),
                CanonicalValues.typeName(row.typeName), CanonicalValues.version(row.version), row.createdAt,
                artifactOf(row), row.rowVersion);
    }

    /** A new row for {@code image}; its version column stays empty so Hibernate inserts it. */
    static FirmwareImageEntity toNewRow(FirmwareImage image) {
        FirmwareImageEntity row = new FirmwareImageEntity(image.id().value(), image.projectId().value(),
                image.createdAt());
        copyChangeableState(image, row);
        return row;
    }

    /** Copies what an image may change after creation (type, version, artifact) onto its row. */
    static void copyChangeableState(FirmwareImage image, FirmwareImageEntity row) {
        row.typeName = image.typeName().value();
        row.version = image.version().value();
        Artifact artifact = image.artifact().orElse(null);
        row.artifactKind = null;
        row.binaryKey = null;
        row.filename = null;
        row.sizeBytes = null;
        row.sha1 = null;
        row.sha256 = null;
        row.externalUrl = null;
        if (artifact instanceof Artifact.StoredBinary binary) {
            row.artifactKind = FirmwareImageEntity.STORED;
            row.binaryKey = binary.key().value();
            row.filename = binary.filename();
            row.sizeBytes = binary.size();
            row.sha1 = binary.sha1().hex();
            row.sha256 = binary.sha256().hex();
        } else if (artifact instanceof Artifact.ExternalUrl url) {
            row.artifactKind = FirmwareImageEntity.EXTERNAL;
            row.externalUrl = url.url();
        }
    }

    static Bundle toBundle(BundleEntity row) {
        List<BundleComponent> components = row.components.stream()
                .map(component -> new BundleComponent(CanonicalValues.image(component.imageId()),
                        CanonicalValues.typeName(component.typeName())))
                .toList();
        return Bundle.reconstitute(CanonicalValues.bundle(row.id), CanonicalValues.project(row.projectId), row.name,
                row.description, CanonicalValues.deviceClass(row.deviceClass), CanonicalValues.channel(row.channel),
                components, row.createdAt, row.rowVersion);
    }

    /** A new row for {@code bundle}; its version column stays empty so Hibernate inserts it. */
    static BundleEntity toNewRow(Bundle bundle) {
        BundleEntity row = new BundleEntity(bundle.id().value(), bundle.projectId().value(), bundle.createdAt());
        copyChangeableState(bundle, row);
        return row;
    }

    /** Copies what a bundle may change after creation onto its row. */
    static void copyChangeableState(Bundle bundle, BundleEntity row) {
        row.name = bundle.name();
        row.description = bundle.description();
        row.deviceClass = bundle.deviceClass().value();
        row.channel = bundle.channel().value();
        List<BundleComponentValue> components = bundle.components().stream()
                .map(component -> new BundleComponentValue(imageKey(component.imageId()),
                        component.typeName().value()))
                .toList();
        // A new list only when the components changed: Hibernate then deletes the old rows before
        // inserting the new ones, so reordering never collides with the (bundle, type) key midway,
        // and an unchanged bundle does not rewrite its components.
        if (!row.components.equals(components)) {
            row.components = new ArrayList<>(components);
        }
    }

    static Device toDevice(DeviceEntity row) {
        return Device.reconstitute(DeviceId.of(row.id), CanonicalValues.project(row.projectId),
                CanonicalValues.deviceClass(row.deviceClass),
                row.channelOverride == null ? null : CanonicalValues.channel(row.channelOverride),
                new SecretHash(row.apiKeySha256),
                row.installedBundle == null ? null : CanonicalValues.bundle(row.installedBundle),
                toInstalledVersions(row.installedVersions), toPin(row), row.lastSeen, row.createdAt, row.rowVersion);
    }

    private static UpdatePin toPin(DeviceEntity row) {
        if (row.pinBundle != null) {
            return new UpdatePin.PinnedBundle(CanonicalValues.bundle(row.pinBundle));
        }
        if (row.pinType != null) {
            return new UpdatePin.PinnedVersion(CanonicalValues.typeName(row.pinType),
                    CanonicalValues.version(row.pinVersion));
        }
        return null;
    }

    /** One "type TAB version" line per type; neither may contain a control character. */
    static InstalledVersions toInstalledVersions(String lines) {
        Map<FirmwareTypeName, FirmwareVersion> versions = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            if (!line.isEmpty()) {
                String[] fields = line.split("\t", -1);
                versions.put(CanonicalValues.typeName(fields[0]), CanonicalValues.version(fields[1]));
            }
        }
        return versions.isEmpty() ? InstalledVersions.NONE : new InstalledVersions(versions);
    }

    static String installedVersionsText(InstalledVersions installed) {
        StringBuilder lines = new StringBuilder();
        installed.versions().forEach((type, version) ->
                lines.append(type.value()).append('\t').append(version.value()).append('\n'));
        return lines.toString();
    }

    /** A new row for {@code device}, last seen included; its version column stays empty so Hibernate inserts it. */
    static DeviceEntity toNewRow(Device device) {
        DeviceEntity row = new DeviceEntity(device.id().value(), device.projectId().value(), device.createdAt());
        row.lastSeen = device.lastSeen().orElse(null);
        copyChangeableState(device, row);
        return row;
    }

    /**
     * Copies what an operator or the device may change onto its row. Last seen is not among them:
     * it only moves forward, through its own statement.
     */
    static void copyChangeableState(Device device, DeviceEntity row) {
        row.deviceClass = device.deviceClass().value();
        row.channelOverride = device.channelOverride().map(Channel::value).orElse(null);
        row.apiKeySha256 = device.apiKeyHash().hex();
        row.installedBundle = device.installedBundle().map(BundleId::value).orElse(null);
        row.installedVersions = installedVersionsText(device.installedVersions());
        row.pinBundle = null;
        row.pinType = null;
        row.pinVersion = null;
        device.pin().ifPresent(pin -> {
            if (pin instanceof UpdatePin.PinnedBundle bundle) {
                row.pinBundle = bundle.bundleId().value();
            } else if (pin instanceof UpdatePin.PinnedVersion version) {
                row.pinType = version.type().value();
                row.pinVersion = version.version().value();
            }
        });
    }

    static OfferedUpdate toOfferedUpdate(OfferedUpdateEntity row) {
        List<OfferedUpdate.Item> items = new ArrayList<>();
        for (String line : row.items.split("\n")) {
            String[] fields = line.split("\t", -1);
            items.add(new OfferedUpdate.Item(CanonicalValues.image(UUID.fromString(fields[0])),
                    CanonicalValues.typeName(fields[1]), CanonicalValues.version(fields[2])));
        }
        return OfferedUpdate.reconstitute(row.id, CanonicalValues.project(row.projectId), DeviceId.of(row.deviceId),
                UpdateDecision.Kind.valueOf(row.kind),
                row.bundleId == null ? null : CanonicalValues.bundle(row.bundleId), items,
                CanonicalValues.fingerprint(row.fingerprint), row.pinned, row.offeredAt, UpdateState.valueOf(row.state),
                row.message, row.updatedAt, row.rowVersion);
    }

    /** A new row for {@code update}; its version column stays empty so Hibernate inserts it. */
    static OfferedUpdateEntity toNewRow(OfferedUpdate update) {
        OfferedUpdateEntity row = new OfferedUpdateEntity();
        row.id = update.id();
        row.projectId = update.projectId().value();
        row.deviceId = update.deviceId().value();
        row.kind = update.kind().name();
        row.bundleId = update.bundleId().map(BundleId::value).orElse(null);
        StringBuilder items = new StringBuilder();
        for (OfferedUpdate.Item item : update.items()) {
            if (items.length() > 0) {
                items.append('\n');
            }
            items.append(item.imageId()).append('\t').append(item.typeName().value()).append('\t')
                    .append(item.version().value());
        }
        row.items = items.toString();
        row.fingerprint = update.fingerprint();
        row.pinned = update.pinned();
        row.offeredAt = update.offeredAt();
        copyChangeableState(update, row);
        return row;
    }

    /** Copies what the device reports about an update (state, message, when) onto its row. */
    static void copyChangeableState(OfferedUpdate update, OfferedUpdateEntity row) {
        row.state = update.state().name();
        row.message = update.message().orElse(null);
        row.updatedAt = update.updatedAt();
    }

    static DeviceUpdate toDeviceUpdate(DeviceUpdateEntity row) {
        return DeviceUpdate.reconstitute(row.id, CanonicalValues.project(row.projectId), DeviceId.of(row.deviceId),
                CanonicalValues.image(row.imageId), CanonicalValues.version(row.version), row.assignedAt,
                UpdateState.valueOf(row.state), row.message, row.updatedAt, row.rowVersion);
    }

    /** A new row for {@code update}; its version column stays empty so Hibernate inserts it. */
    static DeviceUpdateEntity toNewRow(DeviceUpdate update) {
        DeviceUpdateEntity row = new DeviceUpdateEntity(update.id(), update.projectId().value(),
                update.deviceId().value(), imageKey(update.imageId()), update.version().value(), update.assignedAt());
        copyChangeableState(update, row);
        return row;
    }

    /** Copies what the device reports about an update (state, message, when) onto its row. */
    static void copyChangeableState(DeviceUpdate update, DeviceUpdateEntity row) {
        row.state = update.state().name();
        row.message = update.message().orElse(null);
        row.updatedAt = update.updatedAt();
    }

    static ApiKey toApiKey(ApiKeyEntity row) {
        return new ApiKey(ApiKeyId.of(row.id), ProjectId.of(row.projectId), row.name, Role.valueOf(row.role),
                new SecretHash(row.secretSha256), row.createdAt);
    }

    static ApiKeyEntity toRow(ApiKey key) {
        return new ApiKeyEntity(key.id().value(), key.projectId().value(), key.name(), key.role().name(),
                key.secretHash().hex(), key.createdAt());
    }

    static SecretHash toSecretHash(AdminCredentialEntity row) {
        return new SecretHash(row.tokenSha256);
    }

    static UUID imageKey(ImageId id) {
        return id.value();
    }

    private static Artifact artifactOf(FirmwareImageEntity row) {
        if (row.artifactKind == null) {
            return null;
        }
        return switch (row.artifactKind) {
            case FirmwareImageEntity.STORED -> new Artifact.StoredBinary(BinaryKey.of(row.binaryKey), row.filename,
                    row.sizeBytes, Digest.sha1(row.sha1), Digest.sha256(row.sha256));
            case FirmwareImageEntity.EXTERNAL -> new Artifact.ExternalUrl(row.externalUrl);
            default -> throw new IllegalStateException("Unknown artifact kind " + row.artifactKind
                    + " in firmware image " + row.id);
        };
    }
}
