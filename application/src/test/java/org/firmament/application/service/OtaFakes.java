package org.firmament.application.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.firmament.application.port.out.DeviceUpdateRepository;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.project.ProjectId;

/** In-memory stand-ins for the out-ports of the device OTA use cases (next to {@link Fakes}). */
final class OtaFakes {

    private OtaFakes() {
    }

    /** Latest means the latest assignment, the id breaking ties, as the port's contract says. */
    static final class Updates implements DeviceUpdateRepository {
        static final Comparator<DeviceUpdate> LATEST_LAST = Comparator.comparing(DeviceUpdate::assignedAt)
                .thenComparing(DeviceUpdate::id);

        final List<DeviceUpdate> all = new ArrayList<>();
        RuntimeException failNextAdd;

        @Override
        public Optional<DeviceUpdate> find(ProjectId projectId, UUID id) {
            return all.stream().filter(u -> u.projectId().equals(projectId) && u.id().equals(id)).findFirst();
        }

        @Override
        public Optional<DeviceUpdate> latestFor(ProjectId projectId, DeviceId deviceId) {
            return history(projectId, deviceId).stream().findFirst();
        }

        @Override
        public List<DeviceUpdate> history(ProjectId projectId, DeviceId deviceId) {
            return all.stream().filter(u -> u.projectId().equals(projectId) && u.deviceId().equals(deviceId))
                    .sorted(LATEST_LAST.reversed()).toList();
        }

        @Override
        public LatestPage latestPerDevice(ProjectId projectId, String search, boolean descending, int offset,
                                          int limit) {
            Map<DeviceId, DeviceUpdate> latest = all.stream().filter(u -> u.projectId().equals(projectId))
                    .collect(Collectors.toMap(DeviceUpdate::deviceId, u -> u,
                            (a, b) -> LATEST_LAST.compare(a, b) >= 0 ? a : b));
            String needle = search.toLowerCase(Locale.ROOT);
            Comparator<DeviceUpdate> order = Comparator.comparing(DeviceUpdate::assignedAt);
            order = (descending ? order.reversed() : order).thenComparing(u -> u.deviceId().value());
            List<DeviceUpdate> matching = latest.values().stream()
                    .filter(u -> u.deviceId().value().toLowerCase(Locale.ROOT).contains(needle)
                            || u.version().value().toLowerCase(Locale.ROOT).contains(needle))
                    .sorted(order).toList();
            return new LatestPage(matching.stream().skip(offset).limit(limit).toList(), latest.size(),
                    matching.size());
        }

        @Override
        public void add(DeviceUpdate update) {
            if (failNextAdd != null) {
                RuntimeException failure = failNextAdd;
                failNextAdd = null;
                throw failure;
            }
            all.add(update);
        }

        @Override
        public void update(DeviceUpdate update) {
            all.removeIf(u -> u.id().equals(update.id()));
            all.add(update);
        }
    }
}
