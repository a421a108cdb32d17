package org.firmament.domain.device;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.Names;
import org.firmament.domain.Sha256;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.firmware.FirmwareImage;

/**
 * What {@link UpdatePolicy} decided a device should install now: one bundle (with its component
 * images) or the images of one or more firmware types, each a release newer than what the device
 * runs, or pinned by an operator.
 */
public record UpdateDecision(Kind kind, Optional<BundleId> bundleId, List<FirmwareImage> images, boolean pinned) {

    public enum Kind { BUNDLE, IMAGES }

    public UpdateDecision {
        Names.requirePresent("kind", kind);
        Names.requirePresent("bundleId", bundleId);
        images = List.copyOf(images);
        if ((kind == Kind.BUNDLE) != bundleId.isPresent()) {
            throw new IllegalArgumentException("a bundle decision names its bundle, an image decision none");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a decision installs at least one image");
        }
    }

    public static UpdateDecision bundle(BundleId bundleId, List<FirmwareImage> images, boolean pinned) {
        return new UpdateDecision(Kind.BUNDLE, Optional.of(bundleId), images, pinned);
    }

    public static UpdateDecision images(List<FirmwareImage> images, boolean pinned) {
        return new UpdateDecision(Kind.IMAGES, Optional.empty(), images, pinned);
    }

    /**
     * Identifies what is to be installed: equal for two decisions that install the same bundle
     * with the same images at the same versions and binaries, different as soon as any of these
     * changes. A device is given the same update (and the same ETag) as long as this stays equal.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(kind.name()).append('\n');
        bundleId.ifPresent(id -> text.append(id.value()));
        text.append('\n');
        for (FirmwareImage image : images) {
            text.append(image.id()).append('\t').append(image.typeName().value()).append('\t')
                    .append(image.version().value()).append('\t')
                    .append(image.storedBinary().map(binary -> binary.sha256().hex()).orElse("-")).append('\n');
        }
        return Sha256.hexOf(text.toString());
    }
}
