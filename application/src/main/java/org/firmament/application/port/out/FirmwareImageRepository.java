package org.firmament.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Out-port: stored firmware images. Called inside a {@link TransactionBoundary}; every lookup is
 * scoped to a project, so an image of another project is simply not found.
 *
 * <p>Writes are checked against the revision the image was read at: {@code update} and
 * {@code remove} of a copy that someone else changed since throw
 * {@link ConcurrentModificationException}. {@code add} and {@code update} throw
 * {@link DuplicateVersionException} when the project already holds another image of that type
 * and version, also when a concurrent transaction wrote it (at the latest at commit).
 */
public interface FirmwareImageRepository {

    Optional<FirmwareImage> find(ProjectId projectId, ImageId id);

    /**
     * The project's images among {@code ids}, oldest first, read together (a bundle's components);
     * an id no image of the project has is left out.
     */
    List<FirmwareImage> findAll(ProjectId projectId, Set<ImageId> ids);

    Optional<FirmwareImage> findByTypeAndVersion(ProjectId projectId, FirmwareTypeName type, FirmwareVersion version);

    /** The project's images, of one type when {@code type} is given, oldest first. */
    List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type);

    /** How many images the project holds, of one type when {@code type} is given. */
    long count(ProjectId projectId, Optional<FirmwareTypeName> type);

    /** The project's images that have a stored binary, oldest first. */
    List<FirmwareImage> listWithStoredBinary(ProjectId projectId);

    /** Whether any image, in any project, refers to the stored binary at {@code key}. */
    boolean isBinaryReferenced(BinaryKey key);

    /** The images, in every project, that refer to the stored binary at {@code key}. */
    List<FirmwareImage> listByBinary(BinaryKey key);

    void add(FirmwareImage image);

    void update(FirmwareImage image);

    /**
     * Removes the image.
     *
     * @throws ConcurrentModificationException also when a bundle still holds the image (the
     *     database's foreign key refuses it): callers check {@link BundleRepository#isImageReferenced}
     *     first, so this only happens when another request added it to a bundle meanwhile
     */
    void remove(FirmwareImage image);
}
