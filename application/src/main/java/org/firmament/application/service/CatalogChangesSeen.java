package org.firmament.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/**
 * The check-in catalogue's one change signal: the project, firmware type, image and bundle
 * repositories every service of an instance writes through, telling {@code onChange} (the
 * {@link CheckInCatalog}'s {@code changed}) of every write, whichever surface made it. It is
 * told inside the change's transaction, which advances the catalogue epoch just before it commits:
 * a check-in racing the commit may remember the state before it, for at most the check-in cache's
 * bound.
 */
public final class CatalogChangesSeen {

    private CatalogChangesSeen() {
    }

    public static ProjectRepository projects(ProjectRepository projects, Runnable onChange) {
        return new Projects(Objects.requireNonNull(projects), Objects.requireNonNull(onChange));
    }

    public static FirmwareTypeRepository types(FirmwareTypeRepository types, Runnable onChange) {
        return new Types(Objects.requireNonNull(types), Objects.requireNonNull(onChange));
    }

    public static FirmwareImageRepository images(FirmwareImageRepository images, Runnable onChange) {
        return new Images(Objects.requireNonNull(images), Objects.requireNonNull(onChange));
    }

    public static BundleRepository bundles(BundleRepository bundles, Runnable onChange) {
        return new Bundles(Objects.requireNonNull(bundles), Objects.requireNonNull(onChange));
    }

    private record Projects(ProjectRepository projects, Runnable onChange) implements ProjectRepository {
        @Override
        public Optional<Project> find(ProjectId id) {
            return projects.find(id);
        }

        @Override
        public Optional<Project> lock(ProjectId id) {
            return projects.lock(id);
        }

        @Override
        public List<Project> list(int offset, int limit) {
            return projects.list(offset, limit);
        }

        @Override
        public long count() {
            return projects.count();
        }

        @Override
        public ProjectId nextId() {
            return projects.nextId();
        }

        @Override
        public void add(Project project) {
            projects.add(project);
            onChange.run();
        }

        @Override
        public void update(Project project) {
            projects.update(project);
            onChange.run();
        }

        @Override
        public void remove(Project project) {
            projects.remove(project);
            onChange.run();
        }
    }

    private record Types(FirmwareTypeRepository types, Runnable onChange) implements FirmwareTypeRepository {
        @Override
        public Optional<FirmwareType> find(ProjectId projectId, FirmwareTypeName name) {
            return types.find(projectId, name);
        }

        @Override
        public List<FirmwareType> list(ProjectId projectId) {
            return types.list(projectId);
        }

        @Override
        public void add(FirmwareType type) {
            types.add(type);
            onChange.run();
        }

        @Override
        public void remove(FirmwareType type) {
            types.remove(type);
            onChange.run();
        }
    }

    private record Images(FirmwareImageRepository images, Runnable onChange) implements FirmwareImageRepository {
        @Override
        public Optional<FirmwareImage> find(ProjectId projectId, ImageId id) {
            return images.find(projectId, id);
        }

        @Override
        public List<FirmwareImage> findAll(ProjectId projectId, Set<ImageId> ids) {
            return images.findAll(projectId, ids);
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

    private record Bundles(BundleRepository bundles, Runnable onChange) implements BundleRepository {
        @Override
        public Optional<Bundle> find(ProjectId projectId, BundleId id) {
            return bundles.find(projectId, id);
        }

        @Override
        public List<Bundle> list(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel) {
            return bundles.list(projectId, deviceClass, channel);
        }

        @Override
        public List<Bundle> listAll(ProjectId projectId) {
            return bundles.listAll(projectId);
        }

        @Override
        public long count(ProjectId projectId) {
            return bundles.count(projectId);
        }

        @Override
        public boolean isImageReferenced(ProjectId projectId, ImageId imageId) {
            return bundles.isImageReferenced(projectId, imageId);
        }

        @Override
        public void add(Bundle bundle) {
            bundles.add(bundle);
            onChange.run();
        }

        @Override
        public void update(Bundle bundle) {
            bundles.update(bundle);
            onChange.run();
        }

        @Override
        public void remove(Bundle bundle) {
            bundles.remove(bundle);
            onChange.run();
        }
    }
}
