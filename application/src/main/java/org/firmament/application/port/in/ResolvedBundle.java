package org.firmament.application.port.in;

import java.util.List;
import java.util.Objects;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.firmware.FirmwareImage;

/** A bundle with the images of its components, in component order, as surfaces show it. */
public record ResolvedBundle(Bundle bundle, List<FirmwareImage> images) {

    public ResolvedBundle {
        Objects.requireNonNull(bundle, "bundle");
        images = List.copyOf(images);
    }
}
