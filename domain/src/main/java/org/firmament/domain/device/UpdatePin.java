package org.firmament.domain.device;

import org.firmament.domain.Names;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;

/**
 * What an operator fixed for one device: a bundle, or one version of one firmware type. A pinned
 * device gets what is pinned even when that is older than what it runs (the only way to downgrade).
 */
public sealed interface UpdatePin {

    /** The device installs this bundle and nothing else. */
    record PinnedBundle(BundleId bundleId) implements UpdatePin {
        public PinnedBundle {
            Names.requirePresent("pin.bundleId", bundleId);
        }
    }

    /** The device runs this version of this firmware type; its other types follow their latest release. */
    record PinnedVersion(FirmwareTypeName type, FirmwareVersion version) implements UpdatePin {
        public PinnedVersion {
            Names.requirePresent("pin.type", type);
            Names.requirePresent("pin.version", version);
        }
    }
}
