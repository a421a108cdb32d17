package org.firmament.application.port.in;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.firmware.FirmwareVersion;

/** Use case: read the OTA records (device updates) of seed 003: a project's list, a device's latest version. */
public interface QueryDeviceOtaUseCase {

    /** A device's latest update, with the file name its binary was uploaded under while the image still has it. */
    record OtaRecord(DeviceUpdate update, Optional<String> filename) {
    }

    /** One page of records, how many devices have one, and how many of those match the search. */
    record OtaPage(List<OtaRecord> records, long total, long filtered) {

        public OtaPage {
            records = List.copyOf(records);
        }
    }

    /** The latest update of each device of the project, filtered, ordered and paged as the query says. */
    OtaPage latestPerDevice(DeviceOtaPageQuery query);

    /**
     * The version of the device's latest update; the device is named by id alone (ids are unique
     * across projects). A change made on another instance is answered within the same bound as
     * device API check-ins (the credential cache's).
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE both when there is no such
     *     device and when it has no update yet
     */
    FirmwareVersion latestVersion(DeviceId deviceId);
}
