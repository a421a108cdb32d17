package org.firmament.application.port.in;

import java.io.InputStream;
import org.firmament.domain.access.Actor;
import org.firmament.domain.firmware.Artifact;

/**
 * Use case: deploy a new firmware binary to one device (seed 003's "Make new OTA Update"). The
 * device's firmware is the firmware type {@code ota/<device id>} (semantic versions) of its project.
 *
 * <p>An upload arrives before the fields that say where it goes, so it is deployed in two steps:
 * {@link #stage} stores the bytes as they stream in, then {@link #deploy} decides. Whoever stages a
 * binary hands it to exactly one of {@link #deploy} or {@link #discard}; after either, nothing of
 * it remains unless an image refers to it.
 */
public interface DeployDeviceFirmwareUseCase {

    /** What a deploy did. */
    enum Outcome {
        /** A new update was assigned to the device: its image holds the binary. */
        DEPLOYED,
        /** The version equals the device's previous update: nothing was triggered or kept. */
        UNCHANGED
    }

    /**
     * Reads {@code content} to its end into the binary store (not closed; the caller owns it).
     * Nothing refers to the result yet. An empty upload is staged too: {@link #deploy} refuses it.
     *
     * @throws org.firmament.application.port.out.BinaryTooLargeException when it is over the size limit
     * @throws org.firmament.application.port.out.ServiceUnavailableException when the store cannot be reached
     */
    Artifact.StoredBinary stage(String filename, InputStream content);

    /**
     * Rule (seed 003, {@link org.firmament.domain.device.DeviceUpdate#assignIfDifferent}): an update is
     * triggered only when the version differs from the device's previous one. Then the staged binary
     * becomes the binary of the type's image of that version (created if new; an existing one, as on a
     * rollback, has its old binary replaced and released) and a new update is assigned to the device,
     * all in one transaction. Otherwise, and on every failure, the staged binary is discarded.
     *
     * @throws org.firmament.domain.NotFoundException with subject DEVICE when the project has no such device
     * @throws org.firmament.domain.InvalidValueException with field "token" when the token is not the
     *     device's key, with field "version" when the version is not a semantic version
     */
    Outcome deploy(DeployDeviceFirmwareCommand command, Actor actor);

    /** Deletes a staged binary that will not be deployed (for example, a field of the request was missing). */
    void discard(Artifact.StoredBinary staged);
}
