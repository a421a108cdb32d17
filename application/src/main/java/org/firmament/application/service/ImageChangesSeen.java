package org.firmament.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * The image repository every service of an instance writes through, telling {@code onChange} of
 * each image added, changed or removed, so that what the device API check-in remembers of the
 * catalogue is forgotten at once on this instance's releases, whichever service made them. It is
 * told inside the change's transaction: a check-in racing the commit may remember the state before
 * it, for at most the check-in cache's lifetime.
 */
public final class ImageChangesSeen implements FirmwareImageRepository {

    private final FirmwareImageRepository images;
    private final Runnable onChange;

    public ImageChangesSeen(FirmwareImageRepository images, Runnable onChange) {
        this.images = Objects.requireNonNull(images);
        this.onChange = Objects.requireNonNull(onChange);
    }

    @Override
    public Optional<FirmwareImage> find(ProjectId projectId, ImageId id) {
        return images.find(projectId, id);
    }

    @Override
    public Optional<FirmwareImage> findByTypeAndVersion(ProjectId projectId, FirmwareTypeName type,
                                                        FirmwareVersion version) {
        return images.findByTypeAndVersion(projectId, type, version);
    }

    @Override
    public List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type) {
        return images.list(projectId, type);
    }

    @Override
    public long count(ProjectId projectId, Optional<FirmwareTypeName> type) {
        return images.count(projectId, type);
    }

    @Override
    public List<FirmwareImage> listWithStoredBinary(ProjectId projectId) {
        return images.listWithStoredBinary(projectId);
    }

    @Override
    public boolean isBinaryReferenced(BinaryKey key) {
        return images.isBinaryReferenced(key);
    }

    @Override
    public List<FirmwareImage> listByBinary(BinaryKey key) {
        return images.listByBinary(key);
    }

    @Override
    public void add(FirmwareImage image) {
        images.add(image);
        onChange.run();
    }

    @Override
    public void update(FirmwareImage image) {
        images.update(image);
        onChange.run();
    }

    @Override
    public void remove(FirmwareImage image) {
        images.remove(image);
        onChange.run();
    }
}
