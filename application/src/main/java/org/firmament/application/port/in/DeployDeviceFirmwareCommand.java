package org.firmament.application.port.in;

import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * Deploy {@code firmware}, a binary staged by {@link DeployDeviceFirmwareUseCase#stage}, as
 * {@code version} of the firmware of device {@code deviceId} in the caller's project; {@code token}
 * is the device's API key, which the uploader must know (seed 003). When the uploader stated the
 * SHA-256 of the file, the staged bytes must have it.
 */
public record DeployDeviceFirmwareCommand(ProjectId projectId, DeviceId deviceId, String token,
                                          FirmwareVersion version, Artifact.StoredBinary firmware,
                                          java.util.Optional<org.firmament.domain.firmware.Digest> expectedSha256) {

    /** A deployment whose digest the uploader did not state. */
    public DeployDeviceFirmwareCommand(ProjectId projectId, DeviceId deviceId, String token, FirmwareVersion version,
                                       Artifact.StoredBinary firmware) {
        this(projectId, deviceId, token, version, firmware, java.util.Optional.empty());
    }

    public DeployDeviceFirmwareCommand {
        Names.requirePresent("projectId", projectId);
        Names.requirePresent("deviceId", deviceId);
        Names.requirePresent("token", token);
        if (token.isEmpty()) {
            throw new InvalidValueException("token", "token is required");
        }
        Names.requirePresent("version", version);
        Names.requirePresent("firmware", firmware);
        Names.requirePresent("expectedSha256", expectedSha256);
        if (firmware.size() == 0) {
            throw new InvalidValueException("firmware", "No file uploaded");
        }
    }

    @Override
    public String toString() {
        return "DeployDeviceFirmwareCommand[" + projectId + ", " + deviceId + ", token=redacted, " + version + ", "
                + firmware.key() + "]";
    }
}
