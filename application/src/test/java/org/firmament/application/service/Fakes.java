package org.firmament.application.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.BinaryTooLargeException;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.CredentialRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.StoredContent;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;

/** In-memory stand-ins for the out-ports, enough to test the use cases' decisions. */
final class Fakes {

    private Fakes() {
    }

    /**
     * Runs work directly and counts transactions; no rollback (tests check what the use case asked
     * for). Before-commit actions run as the real boundary runs them: once per name, in name order,
     * when the outermost work returned, never when it threw; at once with no transaction open.
     */
    static final class Transactions implements TransactionBoundary {
        final AtomicInteger count = new AtomicInteger();
        private int depth;
        private final java.util.SortedMap<String, Runnable> beforeCommit = new java.util.TreeMap<>();
        private final List<Runnable> afterTransaction = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            count.incrementAndGet();
            depth++;
            boolean committed = false;
            try {
                T result = work.get();
                if (depth == 1) {
                    while (!beforeCommit.isEmpty()) {
                        String first = beforeCommit.firstKey();
                        beforeCommit.remove(first).run();
                    }
                    committed = true;
                }
                return result;
            } finally {
                depth--;
                if (depth == 0) {
                    beforeCommit.clear();
                    List<Runnable> commitOnly = new ArrayList<>(afterCommit);
                    afterCommit.clear();
                    if (committed) {
                        commitOnly.forEach(Runnable::run);
                    }
                    List<Runnable> after = new ArrayList<>(afterTransaction);
                    afterTransaction.clear();
                    after.forEach(Runnable::run);
                }
            }
        }

        @Override
        public void afterCommit(Runnable action) {
            keepForTheEnd(action, afterCommit);
        }

        @Override
        public void afterTransaction(Runnable action) {
            keepForTheEnd(action, afterTransaction);
        }

        private void keepForTheEnd(Runnable action, List<Runnable> kept) {
            if (depth == 0) {
                action.run();
            } else {
                kept.add(action);
            }
        }

        @Override
        public void beforeCommit(String name, Runnable action) {
            if (depth == 0) {
                run(action);
            } else {
                beforeCommit.putIfAbsent(name, action);
            }
        }

        boolean isOpen() {
            return depth > 0;
        }
    }

    /** Projects by id; new ids count up from 2, as the database's sequence does. */
    static final class Projects implements ProjectRepository {
        final Map<ProjectId, Project> byId = new HashMap<>();
        /** The projects locked, in order, across transactions. */
        final List<ProjectId> locked = new ArrayList<>();
        long lastId = 1;

        @Override
        public Optional<Project> find(ProjectId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Project> lock(ProjectId id) {
            locked.add(id);
            return find(id);
        }

        @Override
        public List<Project> list(int offset, int limit) {
            return byId.values().stream().sorted(Comparator.comparing(project -> project.id().value()))
                    .skip(offset).limit(limit).toList();
        }

        @Override
        public long count() {
            return byId.size();
        }

        @Override
        public ProjectId nextId() {
            return ProjectId.of(++lastId);
        }

        @Override
        public void add(Project project) {
            if (byId.putIfAbsent(project.id(), project) != null) {
                throw new org.firmament.domain.AlreadyExistsException("project", project.id().toString());
            }
        }

        @Override
        public void update(Project project) {
            byId.put(project.id(), project);
        }

        @Override
        public void remove(Project project) {
            byId.remove(project.id());
        }
    }

    static final class Types implements FirmwareTypeRepository {
        final Map<String, FirmwareType> byKey = new HashMap<>();
        int conflictsToRaise;
        /** How often a project's types were listed (a check-in's fresh read of the catalogue does). */
        int lists;

        @Override
        public Optional<FirmwareType> find(ProjectId projectId, FirmwareTypeName name) {
            return Optional.ofNullable(byKey.get(projectId + "/" + name));
        }

        @Override
        public List<FirmwareType> list(ProjectId projectId) {
            lists++;
            return byKey.values().stream().filter(t -> t.projectId().equals(projectId)).toList();
        }

        @Override
        public void add(FirmwareType type) {
            if (conflictsToRaise > 0) {
                conflictsToRaise--;
                byKey.put(type.projectId() + "/" + type.name(), type);
                throw new ConcurrentModificationException("firmware type " + type.name());
            }
            if (byKey.putIfAbsent(type.projectId() + "/" + type.name(), type) != null) {
                throw new ConcurrentModificationException("firmware type " + type.name());
            }
        }

        @Override
        public void remove(FirmwareType type) {
            if (byKey.remove(type.projectId() + "/" + type.name()) == null) {
                throw new ConcurrentModificationException("firmware type " + type.name());
            }
        }
    }

    /**
     * Keeps copies, as a database does: a use case changing the image it loaded must not change
     * what the repository holds before it writes.
     */
    static final class Images implements FirmwareImageRepository {
        final Map<ImageId, FirmwareImage> byId = new HashMap<>() {
            @Override
            public FirmwareImage put(ImageId key, FirmwareImage value) {
                return super.put(key, copy(value));
            }

            @Override
            public FirmwareImage get(Object key) {
                FirmwareImage stored = super.get(key);
                return stored == null ? null : copy(stored);
            }
        };

        private static FirmwareImage copy(FirmwareImage image) {
            return FirmwareImage.reconstitute(image.id(), image.projectId(), image.typeName(), image.version(),
                    image.createdAt(), image.artifact().orElse(null), image.revision());
        }
        RuntimeException failNextUpdate;

        @Override
        public Optional<FirmwareImage> find(ProjectId projectId, ImageId id) {
            return Optional.ofNullable(byId.get(id)).filter(i -> i.projectId().equals(projectId));
        }

        @Override
        public List<FirmwareImage> findAll(ProjectId projectId, Set<ImageId> ids) {
            return list(projectId, Optional.empty()).stream().filter(i -> ids.contains(i.id())).toList();
        }

        @Override
        public Optional<FirmwareImage> findByTypeAndVersion(ProjectId projectId, FirmwareTypeName type,
                                                            FirmwareVersion version) {
            return byId.values().stream().filter(i -> i.projectId().equals(projectId) && i.typeName().equals(type)
                    && i.version().equals(version)).findFirst().map(Images::copy);
        }

        @Override
        public List<FirmwareImage> list(ProjectId projectId, Optional<FirmwareTypeName> type) {
            return byId.values().stream()
                    .filter(i -> i.projectId().equals(projectId) && type.map(i.typeName()::equals).orElse(true))
                    .sorted(Comparator.comparing(FirmwareImage::createdAt)).map(Images::copy).toList();
        }

        @Override
        public long count(ProjectId projectId, Optional<FirmwareTypeName> type) {
            return list(projectId, type).size();
        }

        @Override
        public List<FirmwareImage> listWithStoredBinary(ProjectId projectId) {
            return list(projectId, Optional.empty()).stream().filter(FirmwareImage::confirmed).toList();
        }

        @Override
        public boolean isBinaryReferenced(BinaryKey key) {
            return !listByBinary(key).isEmpty();
        }

        @Override
        public List<FirmwareImage> listByBinary(BinaryKey key) {
            return byId.values().stream().filter(i -> i.storedBinary().map(b -> b.key().equals(key)).orElse(false))
                    .map(Images::copy).toList();
        }

        @Override
        public void add(FirmwareImage image) {
            if (findByTypeAndVersion(image.projectId(), image.typeName(), image.version()).isPresent()) {
                throw new DuplicateVersionException(image.typeName().value(), image.version().value());
            }
            byId.put(image.id(), image);
        }

        @Override
        public void update(FirmwareImage image) {
            if (failNextUpdate != null) {
                RuntimeException failure = failNextUpdate;
                failNextUpdate = null;
                throw failure;
            }
            byId.put(image.id(), image);
        }

        @Override
        public void remove(FirmwareImage image) {
            byId.remove(image.id());
        }
    }

    /** The catalogue of stored binaries by key; locks are no-ops (the fakes run on one thread). */
    static final class Catalogue implements org.firmament.application.port.out.StoredBinaryRepository {
        final Map<BinaryKey, Entry> entries = new java.util.TreeMap<>(Comparator.comparing(BinaryKey::value));

        @Override
        public Optional<BinaryKey> lockMatching(Digest sha256, long size) {
            return entries.values().stream().filter(e -> e.sha256().equals(sha256) && e.size() == size
                    && e.corruptSince().isEmpty()).map(Entry::key).findFirst();
        }

        @Override
        public boolean lock(BinaryKey key) {
            return entries.containsKey(key);
        }

        @Override
        public void add(BinaryKey key, Digest sha256, long size, java.time.Instant storedAt) {
            if (lockMatching(sha256, size).isPresent()) {
                throw new org.firmament.domain.ConcurrentModificationException("Binary " + sha256);
            }
            entries.put(key, new Entry(key, sha256, size, storedAt, Optional.empty(), Optional.empty()));
        }

        @Override
        public void remove(BinaryKey key) {
            entries.remove(key);
        }

        @Override
        public boolean contains(BinaryKey key) {
            return entries.containsKey(key);
        }

        @Override
        public Optional<Entry> find(BinaryKey key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public List<Entry> listAfter(Optional<BinaryKey> after, int limit) {
            return entries.values().stream()
                    .filter(e -> after.map(a -> e.key().value().compareTo(a.value()) > 0).orElse(true))
                    .limit(limit).toList();
        }

        @Override
        public List<Entry> listCorrupt() {
            return entries.values().stream().filter(e -> e.corruptSince().isPresent()).toList();
        }

        @Override
        public void markVerified(BinaryKey key, java.time.Instant at) {
            entries.computeIfPresent(key, (k, e) -> new Entry(k, e.sha256(), e.size(), e.storedAt(),
                    Optional.of(at), Optional.empty()));
        }

        @Override
        public void markCorrupt(BinaryKey key, java.time.Instant at) {
            entries.computeIfPresent(key, (k, e) -> new Entry(k, e.sha256(), e.size(), e.storedAt(),
                    e.verifiedAt(), e.corruptSince().or(() -> Optional.of(at))));
        }
    }

    static final class Credentials implements CredentialRepository {
        SecretHash stored;
        SecretHash storedByAnotherInstanceOnWrite;

        @Override
        public Optional<SecretHash> findGeneratedAdminToken() {
            return Optional.ofNullable(stored);
        }

        @Override
        public void storeGeneratedAdminToken(SecretHash hash) {
            if (storedByAnotherInstanceOnWrite != null) {
                stored = storedByAnotherInstanceOnWrite;
                throw new ConcurrentModificationException("admin token");
            }
            if (stored != null) {
                throw new ConcurrentModificationException("admin token");
            }
            stored = hash;
        }

        String storedSigningKey;
        String signingKeyStoredByAnotherInstanceOnWrite;

        @Override
        public Optional<String> findGeneratedDownloadSigningKey() {
            return Optional.ofNullable(storedSigningKey);
        }

        @Override
        public void storeGeneratedDownloadSigningKey(String key) {
            if (signingKeyStoredByAnotherInstanceOnWrite != null) {
                storedSigningKey = signingKeyStoredByAnotherInstanceOnWrite;
                throw new ConcurrentModificationException("download signing key");
            }
            if (storedSigningKey != null) {
                throw new ConcurrentModificationException("download signing key");
            }
            storedSigningKey = key;
        }
    }

    /** Keeps binaries in memory; only for small test payloads. */
    static final class Store implements BinaryStore {
        final Map<BinaryKey, byte[]> blobs = new HashMap<>();
        final List<BinaryKey> deleted = new ArrayList<>();
        int stores;

        @Override
        public StoredContent store(InputStream content, long maxBytes) {
            try {
                byte[] bytes = content.readAllBytes();
                if (bytes.length > maxBytes) {
                    throw new BinaryTooLargeException(maxBytes);
                }
                BinaryKey key = BinaryKey.of("k" + (++stores));
                blobs.put(key, bytes);
                return new StoredContent(key, bytes.length,
                        Digest.of(Digest.Algorithm.SHA1, MessageDigest.getInstance("SHA-1").digest(bytes)),
                        Digest.of(Digest.Algorithm.SHA256, MessageDigest.getInstance("SHA-256").digest(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InputStream open(BinaryKey key, long offset, long length) {
            byte[] bytes = blobs.get(key);
            if (bytes == null) {
                throw new NotFoundException(NotFoundException.Subject.BINARY, key.value());
            }
            int from = (int) Math.min(offset, bytes.length);
            int count = (int) Math.min(length, bytes.length - from);
            return new ByteArrayInputStream(bytes, from, count);
        }

        @Override
        public Optional<org.firmament.application.port.out.LocalFile> openLocalFile(BinaryKey key) {
            open(key, 0, 0);
            return Optional.empty();
        }

        @Override
        public void delete(BinaryKey key) {
            blobs.remove(key);
            deleted.add(key);
        }

        @Override
        public java.util.Optional<java.net.URI> presignedGet(BinaryKey key, String contentDisposition,
                java.time.Duration lifetime) {
            return Optional.empty();
        }

        @Override
        public boolean exists(BinaryKey key) {
            return blobs.containsKey(key);
        }

        @Override
        public void forEachStoredBefore(java.time.Instant cutoff, java.util.function.Consumer<BinaryKey> action) {
            List.copyOf(blobs.keySet()).forEach(action);
        }

        @Override
        public int removeAbandonedUploads(java.time.Instant cutoff) {
            return 0;
        }

        @Override
        public void checkReachable() {
        }
    }

    /** A shared counter, as one database holds it for several instances. */
    static final class Epoch implements org.firmament.application.port.out.ChangeEpoch {
        long value;
        int reads;
        boolean failing;

        @Override
        public void advance() {
            value++;
        }

        @Override
        public long read() {
            reads++;
            if (failing) {
                throw new org.firmament.application.port.out.ServiceUnavailableException("database down", null);
            }
            return value;
        }
    }

    /** The shared per-bucket counters, as one database holds them for several instances. */
    static final class StateEpochs implements org.firmament.application.port.out.DeviceStateEpochs {
        final long[] values = new long[BUCKETS];
        int reads;
        boolean failing;

        /** Each call's buckets, as the service handed them over. */
        final List<int[]> advances = new ArrayList<>();

        @Override
        public long[] advanceEach(int[] buckets) {
            org.firmament.application.port.out.DeviceStateEpochs.requireAscendingBuckets(buckets);
            advances.add(buckets.clone());
            long[] set = new long[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                set[i] = ++values[buckets[i]];
            }
            return set;
        }

        @Override
        public long[] read() {
            reads++;
            if (failing) {
                throw new org.firmament.application.port.out.ServiceUnavailableException("database down", null);
            }
            return values.clone();
        }
    }

    static final class Devices implements org.firmament.application.port.out.DeviceRepository {
        final Map<org.firmament.domain.device.DeviceId, org.firmament.domain.device.Device> byId = new HashMap<>();
        /** The hashes of each lookup by key, in the order they came. */
        final List<List<SecretHash>> keyLookups = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Runs at each lookup by key, before it: tests hold a lookup there, or fail it. */
        Runnable beforeKeyLookup = () -> { };

        @Override
        public Optional<org.firmament.domain.device.Device> find(org.firmament.domain.device.DeviceId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<org.firmament.domain.device.Device> find(ProjectId projectId, org.firmament.domain.device.DeviceId id) {
            return find(id).filter(d -> d.projectId().equals(projectId));
        }

        @Override
        public Map<org.firmament.domain.device.DeviceId, org.firmament.domain.device.Device> findEach(
                ProjectId projectId, java.util.Collection<org.firmament.domain.device.DeviceId> ids) {
            Map<org.firmament.domain.device.DeviceId, org.firmament.domain.device.Device> found = new HashMap<>();
            ids.forEach(id -> find(projectId, id).ifPresent(device -> found.put(id, device)));
            return found;
        }

        @Override
        public Map<SecretHash, org.firmament.domain.device.Device> findEachByApiKeyHash(
                Collection<SecretHash> keyHashes) {
            keyLookups.add(List.copyOf(keyHashes));
            beforeKeyLookup.run();
            Map<SecretHash, org.firmament.domain.device.Device> found = new HashMap<>();
            byId.values().stream().filter(d -> keyHashes.contains(d.apiKeyHash()))
                    .forEach(d -> found.put(d.apiKeyHash(), d));
            return found;
        }

        @Override
        public List<org.firmament.domain.device.Device> list(ProjectId projectId,
                Optional<org.firmament.domain.bundle.DeviceClass> deviceClass,
                Optional<org.firmament.domain.bundle.Channel> channel, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(ProjectId projectId, Optional<org.firmament.domain.bundle.DeviceClass> deviceClass,
                          Optional<org.firmament.domain.bundle.Channel> channel) {
            return byId.values().stream().filter(d -> d.projectId().equals(projectId)
                    && deviceClass.map(d.deviceClass()::equals).orElse(true)
                    && channel.map(c -> d.channelOverride().equals(Optional.of(c))).orElse(true)).count();
        }

        @Override
        public void add(org.firmament.domain.device.Device device) {
            if (byId.putIfAbsent(device.id(), device) != null) {
                throw new org.firmament.domain.AlreadyExistsException("device", device.id().value());
            }
        }

        @Override
        public void update(org.firmament.domain.device.Device device) {
            byId.put(device.id(), device);
        }

        @Override
        public void remove(org.firmament.domain.device.Device device) {
            byId.remove(device.id());
        }

        @Override
        public void recordLastSeen(Map<org.firmament.domain.device.DeviceId, java.time.Instant> lastSeen) {
            whileWritingLastSeen.run();
            if (failLastSeen) {
                throw new IllegalStateException("database unreachable");
            }
            lastSeen.forEach((id, at) -> {
                if (byId.containsKey(id)) {
                    byId.get(id).seen(at);
                }
            });
            lastSeenBatches++;
            lastSeenWritten.add(Map.copyOf(lastSeen));
        }

        boolean failLastSeen;
        /** Runs as a batch of last-seen times is written, before it fails or succeeds. */
        Runnable whileWritingLastSeen = () -> { };
        int lastSeenBatches;
        /** Every batch written, in order. */
        final List<Map<org.firmament.domain.device.DeviceId, java.time.Instant>> lastSeenWritten =
                new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    /** No image is in any bundle; BundleServiceTest covers bundles. */
    static final class NoBundles implements org.firmament.application.port.out.BundleRepository {
        @Override
        public Optional<org.firmament.domain.bundle.Bundle> find(ProjectId projectId, org.firmament.domain.bundle.BundleId id) {
            return Optional.empty();
        }

        @Override
        public java.util.List<org.firmament.domain.bundle.Bundle> list(ProjectId projectId,
                org.firmament.domain.bundle.DeviceClass deviceClass, Optional<org.firmament.domain.bundle.Channel> channel) {
            return java.util.List.of();
        }

        @Override
        public java.util.List<org.firmament.domain.bundle.Bundle> listAll(ProjectId projectId) {
            return java.util.List.of();
        }

        @Override
        public long count(ProjectId projectId) {
            return 0;
        }

        @Override
        public boolean isImageReferenced(ProjectId projectId, org.firmament.domain.firmware.ImageId imageId) {
            return false;
        }

        @Override
        public void add(org.firmament.domain.bundle.Bundle bundle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(org.firmament.domain.bundle.Bundle bundle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(org.firmament.domain.bundle.Bundle bundle) {
            throw new UnsupportedOperationException();
        }
    }

    /** In-memory bundles, oldest first. */
    static final class Bundles implements BundleRepository {
        final Map<BundleId, Bundle> byId = new HashMap<>();

        @Override
        public Optional<Bundle> find(ProjectId projectId, BundleId id) {
            return Optional.ofNullable(byId.get(id)).filter(b -> b.projectId().equals(projectId));
        }

        @Override
        public List<Bundle> list(ProjectId projectId, DeviceClass deviceClass, Optional<Channel> channel) {
            return listAll(projectId).stream().filter(b -> b.deviceClass().equals(deviceClass)
                    && channel.map(b.channel()::equals).orElse(true)).toList();
        }

        @Override
        public List<Bundle> listAll(ProjectId projectId) {
            List<Bundle> all = new ArrayList<>(byId.values());
            all.sort(Comparator.comparing(Bundle::createdAt));
            return all.stream().filter(b -> b.projectId().equals(projectId)).toList();
        }

        @Override
        public long count(ProjectId projectId) {
            return listAll(projectId).size();
        }

        @Override
        public boolean isImageReferenced(ProjectId projectId, ImageId imageId) {
            return listAll(projectId).stream().anyMatch(b -> b.components().stream()
                    .anyMatch(c -> c.imageId().equals(imageId)));
        }

        @Override
        public void add(Bundle bundle) {
            byId.put(bundle.id(), bundle);
        }

        @Override
        public void update(Bundle bundle) {
            byId.put(bundle.id(), bundle);
        }

        @Override
        public void remove(Bundle bundle) {
            byId.remove(bundle.id());
        }
    }

    /**
     * The audit log as a list, in the order entries were recorded. Like the real one it is
     * written only inside a transaction: recording outside {@code transactions} fails.
     */
    static final class Audit implements AuditLog {
        final List<AuditEntry> recorded = new ArrayList<>();
        private final Transactions transactions;

        Audit(Transactions transactions) {
            this.transactions = transactions;
        }

        @Override
        public void record(AuditEntry entry) {
            if (!transactions.isOpen()) {
                throw new IllegalStateException("audit entries are recorded inside the change's transaction");
            }
            recorded.add(entry);
        }

        @Override
        public List<AuditEntry> list(ProjectId projectId, int offset, int limit) {
            List<AuditEntry> newestFirst = new ArrayList<>(recorded.stream()
                    .filter(entry -> entry.projectId().equals(projectId)).toList());
            java.util.Collections.reverse(newestFirst);
            newestFirst.sort(Comparator.comparing(AuditEntry::at).reversed());
            return newestFirst.stream().skip(offset).limit(limit).toList();
        }

        @Override
        public long count(ProjectId projectId) {
            return recorded.stream().filter(entry -> entry.projectId().equals(projectId)).count();
        }
    }

    static final class ApiKeys implements org.firmament.application.port.out.ApiKeyRepository {
        final Map<org.firmament.domain.access.ApiKeyId, org.firmament.domain.access.ApiKey> byId =
                new java.util.LinkedHashMap<>();
        int lookups;
        /** Runs at each list, before it: tests look at what was done before a project's keys were listed. */
        Runnable beforeList = () -> { };

        @Override
        public void add(org.firmament.domain.access.ApiKey key) {
            byId.put(key.id(), key);
        }

        @Override
        public Optional<org.firmament.domain.access.ApiKey> find(ProjectId projectId,
                                                                 org.firmament.domain.access.ApiKeyId id) {
            return Optional.ofNullable(byId.get(id)).filter(key -> key.projectId().equals(projectId));
        }

        @Override
        public List<org.firmament.domain.access.ApiKey> list(ProjectId projectId) {
            beforeList.run();
            return byId.values().stream().filter(key -> key.projectId().equals(projectId)).toList();
        }

        @Override
        public Map<SecretHash, org.firmament.domain.access.ApiKey> findEachBySecretHash(
                Collection<SecretHash> secretHashes) {
            lookups += secretHashes.size();
            Map<SecretHash, org.firmament.domain.access.ApiKey> found = new HashMap<>();
            byId.values().stream().filter(key -> secretHashes.contains(key.secretHash()))
                    .forEach(key -> found.put(key.secretHash(), key));
            return found;
        }

        @Override
        public boolean remove(ProjectId projectId, org.firmament.domain.access.ApiKeyId id) {
            return find(projectId, id).map(key -> byId.remove(key.id()) != null).orElse(false);
        }
    }
}
