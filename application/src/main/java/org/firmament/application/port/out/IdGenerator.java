package org.firmament.application.port.out;

import java.util.UUID;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.firmware.ImageId;

/** Out-port: new identifiers and secrets. Implementations must be safe for concurrent use. */
public interface IdGenerator {

    ImageId newImageId();

    BundleId newBundleId();

    UUID newUuid();

    /** A new secret (token or API key) with at least 256 bits from a cryptographically strong source. */
    String newSecret();
}
