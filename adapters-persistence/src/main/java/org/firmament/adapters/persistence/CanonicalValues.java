package org.firmament.adapters.persistence;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * Persistence adapter: one instance per distinct value of the kinds a fleet's rows repeat (a
 * project, a device class, a channel, a firmware type and version, an image, a bundle, an offer's
 * fingerprint), so that the devices the services remember share them instead of holding a copy
 * each. With 100,000 devices remembered, these copies and the devices' empty installed-version
 * maps took the live heap from 166 MB to 281 MB (docs/benchmarks.md). The values are immutable,
 * compared by {@code equals}: sharing one changes nothing but memory.
 *
 * <p>Each kind keeps at most {@link #MAX_PER_KIND} values; a kind that fills up starts over, so a
 * server that has seen many versions over its life keeps the recent ones, and its memory stays
 * bounded. A value that fails validation is not kept (its factory throws, as without the pool).
 */
final class CanonicalValues {

    /** Distinct values kept per kind: far more than a fleet's projects, classes, types or live images. */
    static final int MAX_PER_KIND = 4096;

    private static final Pool<Long, ProjectId> PROJECTS = new Pool<>(ProjectId::of);
    private static final Pool<String, DeviceClass> DEVICE_CLASSES = new Pool<>(DeviceClass::of);
    private static final Pool<String, Channel> CHANNELS = new Pool<>(Channel::of);
    private static final Pool<String, FirmwareTypeName> TYPE_NAMES = new Pool<>(FirmwareTypeName::of);
    private static final Pool<String, FirmwareVersion> VERSIONS = new Pool<>(FirmwareVersion::of);
    private static final Pool<UUID, ImageId> IMAGES = new Pool<>(ImageId::of);
    private static final Pool<String, BundleId> BUNDLES = new Pool<>(BundleId::of);
    private static final Pool<String, String> FINGERPRINTS = new Pool<>(Function.identity());

    private CanonicalValues() {
    }

    static ProjectId project(long id) {
        return PROJECTS.of(id);
    }

    static DeviceClass deviceClass(String name) {
        return DEVICE_CLASSES.of(name);
    }

    static Channel channel(String name) {
        return CHANNELS.of(name);
    }

    static FirmwareTypeName typeName(String name) {
        return TYPE_NAMES.of(name);
    }

    static FirmwareVersion version(String version) {
        return VERSIONS.of(version);
    }

    static ImageId image(UUID id) {
        return IMAGES.of(id);
    }

    static BundleId bundle(String id) {
        return BUNDLES.of(id);
    }

    /** An offered update's fingerprint: every device offered the same content has the same one. */
    static String fingerprint(String fingerprint) {
        return FINGERPRINTS.of(fingerprint);
    }

    /** How many values of all kinds are kept now (tests). */
    static int size() {
        return PROJECTS.size() + DEVICE_CLASSES.size() + CHANNELS.size() + TYPE_NAMES.size() + VERSIONS.size()
                + IMAGES.size() + BUNDLES.size() + FINGERPRINTS.size();
    }

    /** The values of one kind, by the column value they are made from. */
    private static final class Pool<K, V> {
        private final Function<K, V> make;
        private final Map<K, V> values = new ConcurrentHashMap<>();

        Pool(Function<K, V> make) {
            this.make = make;
        }

        V of(K key) {
            V known = values.get(key);
            if (known != null) {
                return known;
            }
            V made = make.apply(key);
            if (values.size() >= MAX_PER_KIND) {
                values.clear();
            }
            V raced = values.putIfAbsent(key, made);
            return raced != null ? raced : made;
        }

        int size() {
            return values.size();
        }
    }
}
