package org.firmament.application.port.out;

import java.util.Objects;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;

/** What a {@link BinaryStore} measured while it stored a binary. */
public record StoredContent(BinaryKey key, long size, Digest sha1, Digest sha256) {

    public StoredContent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha1, "sha1");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
