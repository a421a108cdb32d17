package org.firmament.application.port.in;

import java.util.List;
import java.util.Optional;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use case: which bundles a device, an operator or an anonymous device may see. */
public interface QueryBundlesUseCase {

    /** @throws org.firmament.domain.NotFoundException with subject BUNDLE when the project has no such bundle */
    ResolvedBundle get(ProjectId projectId, BundleId id);

    /** The bundles for the device's class on its effective channel (its override, else its project's default). */
    List<ResolvedBundle> forDevice(Device device);

    /** A project's bundles for a device class, on one channel or on all. */
    List<ResolvedBundle> forClass(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel);

    /**
     * Public OTA: the bundles for a device class on {@code channel} or the project's default
     * channel; empty when the project does not allow public OTA or does not exist.
     */
    Optional<List<ResolvedBundle>> forAnonymous(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel);

    /**
     * The binary of {@code imageId} for {@code device}, which may download only the components of
     * bundles it is offered.
     *
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when the image is no such
     *     component (whether it exists is not told), with subject BINARY when it has no stored binary
     */
    DownloadableBinary offeredBinary(Device device, ImageId imageId);

    /** Whether the image is a component of a bundle of a project that allows public OTA. */
    boolean isPublic(ProjectId projectId, ImageId imageId);
}
