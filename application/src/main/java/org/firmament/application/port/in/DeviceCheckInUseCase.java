package org.firmament.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.Names;
import org.firmament.domain.access.Actor;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.InstalledVersions;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareImage;

/** Use case: a device asks what to install now (Firmament's device API) and reports how it went. */
public interface DeviceCheckInUseCase {

    /** What the device says it runs, when it says it; what is not stated is taken from what was stored. */
    record Stated(Optional<InstalledVersions> versions, Optional<BundleId> bundle) {
        public static final Stated NOTHING = new Stated(Optional.empty(), Optional.empty());

        public Stated {
            Names.requirePresent("installed", versions);
            Names.requirePresent("bundle", bundle);
        }
    }

    /** The update the device should install, with the images as they are now (for their binaries). */
    record Offer(OfferedUpdate update, List<FirmwareImage> images) {
        public Offer {
            Objects.requireNonNull(update, "update");
            images = List.copyOf(images);
        }
    }

    /** A device's report on one of its updates. */
    record StatusReport(UpdateState state, Optional<String> message, Stated installed) {
        public StatusReport {
            Names.requirePresent("status", state);
            Names.requirePresent("message", message);
            Names.requirePresent("installed", installed);
        }
    }

    /**
     * The update {@link org.firmament.domain.device.UpdatePolicy} decides for {@code device} now,
     * or empty when there is none. The same content is offered as the same update (same id) until
     * it ends; a new decision supersedes an unfinished older update. Writes only when the decision
     * changes.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the device was deleted meanwhile
     */
    Optional<Offer> checkIn(Device device, Stated stated, Actor actor);

    /**
     * Records the device's progress on its own update {@code updateId}; a success also records
     * what the device now runs. Returns the update as stored afterwards.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE_UPDATE when the device has no such update
     * @throws org.firmament.domain.IllegalTransitionException when the update cannot move to the reported state
     */
    OfferedUpdate report(Device device, UUID updateId, StatusReport report, Actor actor);

    /**
     * When the device should ask again: the configured poll interval, spread by up to a tenth
     * either way so that a fleet started together does not keep polling in step.
     */
    java.time.Duration suggestedPollDelay();
}
