package org.firmament.application.port.in;

import java.util.Objects;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.firmware.Artifact;

/**
 * A stored binary as a download finds it: what is stored, and whether it was found corrupt (then
 * it is not served). Both are read in the one transaction that looks the binary up, so a download
 * asks the catalogue once.
 */
public record DownloadableBinary(Artifact.StoredBinary binary, boolean corrupt) {

    public DownloadableBinary {
        Objects.requireNonNull(binary);
    }

    /**
     * Refuses a binary found corrupt: it is served again once its image gets a new upload.
     *
     * @throws ServiceUnavailableException when the binary was found corrupt
     */
    public void requireServable() {
        if (corrupt) {
            throw new ServiceUnavailableException("The binary " + binary.key() + " is corrupt in the store; it is"
                    + " served again once its image gets a new upload", null);
        }
    }
}
