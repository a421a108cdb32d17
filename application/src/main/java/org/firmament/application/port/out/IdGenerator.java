package org.firmament.application.port.out;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.ImageId;

/** Out-port: new identifiers and secrets. Implementations must be safe for concurrent use. */
public interface IdGenerator {

    /** The length of every secret {@link #newSecret()} returns. */
    int SECRET_LENGTH = 43;

    ImageId newImageId();

    BundleId newBundleId();

    /** A device id for a device registered without one: 24 hex characters, the shape seed 003 shows. */
    DeviceId newDeviceId();

    UUID newUuid();

    /**
     * A new secret (token or API key): 256 bits from a cryptographically strong source, written
     * as exactly {@link #SECRET_LENGTH} URL-safe Base64 characters. The fixed length is a contract:
     * seed 003 writes a device id and its token together without a separator.
     */
    String newSecret();

    /**
     * The production generator: random UUIDs, 96-bit hex bundle ids (the shape seed 002 shows) and
     * 256-bit URL-safe secrets, all from {@link SecureRandom}.
     */
    static IdGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        return new IdGenerator() {
            @Override
            public ImageId newImageId() {
                return ImageId.of(UUID.randomUUID());
            }

            @Override
            public BundleId newBundleId() {
                byte[] bytes = new byte[12];
                random.nextBytes(bytes);
                return BundleId.of(HexFormat.of().formatHex(bytes));
            }

            @Override
            public DeviceId newDeviceId() {
                byte[] bytes = new byte[12];
                random.nextBytes(bytes);
                return DeviceId.of(HexFormat.of().formatHex(bytes));
            }

            @Override
            public UUID newUuid() {
                return UUID.randomUUID();
            }

            @Override
            public String newSecret() {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
        };
    }
}
