package org.firmament.adapters.persistence;

import java.util.UUID;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Channel;
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

    static FirmwareType toFirmwareType(FirmwareTypeEntity row) {
        return FirmwareType.reconstitute(ProjectId.of(row.key.projectId()), FirmwareTypeName.of(row.key.name()),
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
        return FirmwareImage.reconstitute(ImageId.of(row.id), ProjectId.of(row.projectId),
                FirmwareTypeName.of(row.typeName), FirmwareVersion.of(row.version), row.createdAt,
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
