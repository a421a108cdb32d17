package org.firmament.domain.bundle;

import org.firmament.domain.Names;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;

/** One image in a bundle, with the firmware type it belongs to (seed 002's component and its version). */
public record BundleComponent(ImageId imageId, FirmwareTypeName typeName) {

    public BundleComponent {
        Names.requirePresent("versionId", imageId);
        Names.requirePresent("componentName", typeName);
    }
}
