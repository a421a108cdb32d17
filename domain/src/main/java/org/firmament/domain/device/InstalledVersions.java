package org.firmament.domain.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;

/** What a device says it runs: at most one version per firmware type, ordered by type name. */
public record InstalledVersions(Map<FirmwareTypeName, FirmwareVersion> versions) {

    /** More types than any bundle can hold is not a device's report but noise. */
    public static final int MAX_TYPES = 256;

    public static final InstalledVersions NONE = new InstalledVersions(Map.of());

    public InstalledVersions {
        Names.requirePresent("installed", versions);
        if (versions.size() > MAX_TYPES) {
            throw new InvalidValueException("installed", "at most " + MAX_TYPES + " installed versions");
        }
        Map<FirmwareTypeName, FirmwareVersion> sorted = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        versions.forEach((type, version) -> sorted.put(Names.requirePresent("installed", type),
                Names.requirePresent("installed", version)));
        versions = compact(sorted);
    }

    /**
     * The versions, read-only, in {@code sorted}'s order. Most devices state none or one, and a
     * server remembers a fleet's devices: an empty or one-entry map then costs no table.
     */
    private static Map<FirmwareTypeName, FirmwareVersion> compact(Map<FirmwareTypeName, FirmwareVersion> sorted) {
        if (sorted.isEmpty()) {
            return Collections.emptyMap();
        }
        if (sorted.size() == 1) {
            Map.Entry<FirmwareTypeName, FirmwareVersion> only = sorted.entrySet().iterator().next();
            return Collections.singletonMap(only.getKey(), only.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    public Optional<FirmwareVersion> of(FirmwareTypeName type) {
        return Optional.ofNullable(versions.get(type));
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** These versions with {@code type} at {@code version}. */
    public InstalledVersions with(FirmwareTypeName type, FirmwareVersion version) {
        Map<FirmwareTypeName, FirmwareVersion> changed = new LinkedHashMap<>(versions);
        changed.put(type, version);
        return new InstalledVersions(changed);
    }

    /** These versions, overwritten by what {@code newer} names. */
    public InstalledVersions merge(InstalledVersions newer) {
        Map<FirmwareTypeName, FirmwareVersion> changed = new LinkedHashMap<>(versions);
        changed.putAll(newer.versions);
        return new InstalledVersions(changed);
    }
}
