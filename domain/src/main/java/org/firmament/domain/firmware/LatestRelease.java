package org.firmament.domain.firmware;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.firmament.domain.Names;

/**
 * Rule: which image of a firmware type is the latest release, and whether a device on a given
 * version should move to it.
 *
 * <ul>
 *   <li>Only images with an artifact count: a device cannot install an image without bytes.</li>
 *   <li>For ordered schemes (semantic, numeric) the latest release is the highest version; two
 *       versions of equal precedence (semantic build metadata) go to the one published later.</li>
 *   <li>For opaque versions, which have no order, it is the one published last.</li>
 *   <li>A device should update when the latest release is newer than what it has (ordered
 *       schemes), or different from it (opaque). Never a downgrade.</li>
 * </ul>
 */
public final class LatestRelease {

    private final FirmwareType type;
    private final Optional<FirmwareImage> image;

    private LatestRelease(FirmwareType type, Optional<FirmwareImage> image) {
        this.type = type;
        this.image = image;
    }

    /**
     * The type's latest release among {@code images} (others' images are ignored), decided once:
     * a caller that asks for many devices against the same images keeps this rather than the
     * images, and each {@link #updateFor} costs one comparison.
     */
    public static LatestRelease among(FirmwareType type, Collection<FirmwareImage> images) {
        Names.requirePresent("type", type);
        Comparator<FirmwareImage> byPublication = Comparator.comparing(FirmwareImage::createdAt)
                .thenComparing(image -> image.id().value());
        Comparator<FirmwareImage> order = type.scheme().order()
                .map(versions -> Comparator.comparing(FirmwareImage::version, versions).thenComparing(byPublication))
                .orElse(byPublication);
        return new LatestRelease(type, images.stream()
                .filter(image -> image.projectId().equals(type.projectId()) && image.typeName().equals(type.name()))
                .filter(image -> image.artifact().isPresent())
                .max(order));
    }

    public static Optional<FirmwareImage> of(FirmwareType type, Collection<FirmwareImage> images) {
        return among(type, images).image();
    }

    /** The latest release when a device on {@code installed} should move to it; empty when it is up to date. */
    public static Optional<FirmwareImage> updateFor(FirmwareType type, FirmwareVersion installed,
                                                    Collection<FirmwareImage> images) {
        return among(type, images).updateFor(installed);
    }

    /** The latest release; empty when no image of the type has an artifact. */
    public Optional<FirmwareImage> image() {
        return image;
    }

    /**
     * The latest release when a device on {@code installed} should move to it; empty when it is up to date.
     *
     * @throws org.firmament.domain.InvalidValueException when {@code installed} is not written in the type's scheme
     */
    public Optional<FirmwareImage> updateFor(FirmwareVersion installed) {
        type.acceptVersion(installed);
        return image.filter(latest -> type.scheme().isUpgrade(installed, latest.version()));
    }
}
