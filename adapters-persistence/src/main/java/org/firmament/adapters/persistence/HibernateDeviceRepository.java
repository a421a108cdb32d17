package org.firmament.adapters.persistence;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.ProjectId;
import org.hibernate.Session;

/**
 * Persistence adapter: devices through the current transaction's session. Writes check the
 * revision the caller read at; last seen moves only forward and never touches the revision.
 */
final class HibernateDeviceRepository implements DeviceRepository {

    private static final String KIND = "device";

    /** A second device with the same key hash: astronomically unlikely, and then a concurrent write. */
    private static final String API_KEY_CONSTRAINT = "device_api_key_sha256_key";

    /** Devices written by one statement at most: one huge flush must not become one huge statement. */
    static final int LAST_SEEN_CHUNK = 10_000;

    /**
     * One statement per chunk, the ids and times bound as two arrays: the later time wins, and
     * the row version stays, so a device checking in never makes an operator's concurrent edit
     * fail. PostgreSQL joins the arrays in with {@code UPDATE ... FROM} (any supported version;
     * its {@code MERGE} needs 15), H2 with {@code MERGE ... USING}, since it has no
     * {@code UPDATE ... FROM}. Times travel to PostgreSQL as ISO-8601 text that it casts, exact
     * to the microsecond whatever the driver makes of {@code java.time} values in an array; both
     * find each device by its primary key.
     */
    private static final String RECORD_LAST_SEEN_POSTGRESQL =
            "UPDATE device d SET last_seen = v.seen"
                    + " FROM unnest(CAST(? AS varchar[]), CAST(? AS timestamptz[])) AS v(id, seen)"
                    + " WHERE d.id = v.id AND (d.last_seen IS NULL OR d.last_seen < v.seen)";
    private static final String RECORD_LAST_SEEN_H2 =
            "MERGE INTO device d"
                    + " USING UNNEST(CAST(? AS VARCHAR(128) ARRAY), CAST(? AS TIMESTAMP(6) WITH TIME ZONE ARRAY))"
                    + " AS v(id, seen) ON d.id = v.id"
                    + " WHEN MATCHED AND (d.last_seen IS NULL OR d.last_seen < v.seen) THEN UPDATE SET last_seen = v.seen";

    private final SessionTransactionBoundary transactions;
    private final int lastSeenChunk;

    HibernateDeviceRepository(SessionTransactionBoundary transactions) {
        this(transactions, LAST_SEEN_CHUNK);
    }

    /** With chunks of {@code lastSeenChunk} devices: tests cross a chunk's end with a few devices. */
    HibernateDeviceRepository(SessionTransactionBoundary transactions, int lastSeenChunk) {
        if (lastSeenChunk < 1) {
            throw new IllegalArgumentException("lastSeenChunk must be positive, was " + lastSeenChunk);
        }
        this.transactions = transactions;
        this.lastSeenChunk = lastSeenChunk;
    }

    @Override
    public Optional<Device> find(DeviceId id) {
        return transactions.withSession(describe(id), session ->
                Optional.ofNullable(session.find(DeviceEntity.class, id.value())).map(EntityMapping::toDevice));
    }

    @Override
    public Optional<Device> find(ProjectId projectId, DeviceId id) {
        return transactions.withSession(describe(id), session ->
                findRow(session, projectId, id).map(EntityMapping::toDevice));
    }

    @Override
    public Map<DeviceId, Device> findEach(ProjectId projectId, Collection<DeviceId> ids) {
        if (ids.size() <= 1) {
            // One device: by its primary key, which the session may already hold.
            Map<DeviceId, Device> found = new HashMap<>();
            for (DeviceId id : ids) {
                find(projectId, id).ifPresent(device -> found.put(id, device));
            }
            return found;
        }
        List<String> values = ids.stream().map(DeviceId::value).distinct().toList();
        return transactions.withSession(values.size() + " devices", session -> {
            Map<DeviceId, Device> found = new HashMap<>();
            session.createSelectionQuery("from Device d where d.projectId = :project and d.id in :ids",
                            DeviceEntity.class)
                    .setParameter("project", projectId.value())
                    // As a list: setParameter first tried the collection as one value and Hibernate threw and
                    // caught an exception each time (1.9 % of a rollout's CPU with the other statement's).
                    .setParameterList("ids", values)
                    .getResultList()
                    .forEach(row -> found.put(DeviceId.of(row.id), EntityMapping.toDevice(row)));
            return found;
        });
    }

    @Override
    public Map<SecretHash, Device> findEachByApiKeyHash(Collection<SecretHash> keyHashes) {
        if (keyHashes.isEmpty()) {
            return Map.of();
        }
        List<String> values = keyHashes.stream().map(SecretHash::hex).distinct().toList();
        return transactions.withSession(values.size() + " devices by key", session -> {
            Map<SecretHash, Device> found = new HashMap<>();
            session.createSelectionQuery("from Device d where d.apiKeySha256 in :hashes", DeviceEntity.class)
                    .setParameterList("hashes", values)
                    .getResultList()
                    .forEach(row -> {
                        Device device = EntityMapping.toDevice(row);
                        found.put(device.apiKeyHash(), device);
                    });
            return found;
        });
    }

    @Override
    public List<Device> list(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel,
                             int offset, int limit) {
        requirePage(offset, limit);
        return transactions.withSession("Devices", session -> {
            if (limit == 0) {
                return List.of();
            }
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<DeviceEntity> query = criteria.createQuery(DeviceEntity.class);
            Root<DeviceEntity> device = query.from(DeviceEntity.class);
            // By id in the database's collation: the order pages are cut in must be the database's.
            query.select(device)
                    .where(filter(criteria, device, projectId, deviceClass, channel))
                    .orderBy(criteria.asc(device.get("id")));
            return session.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                    .map(EntityMapping::toDevice)
                    .toList();
        });
    }

    @Override
    public long count(ProjectId projectId, Optional<DeviceClass> deviceClass, Optional<Channel> channel) {
        return transactions.withSession("Devices", session -> {
            CriteriaBuilder criteria = session.getCriteriaBuilder();
            CriteriaQuery<Long> query = criteria.createQuery(Long.class);
            Root<DeviceEntity> device = query.from(DeviceEntity.class);
            query.select(criteria.count(device)).where(filter(criteria, device, projectId, deviceClass, channel));
            return session.createQuery(query).getSingleResult();
        });
    }

    @Override
    public void add(Device device) {
        String what = describe(device.id());
        transactions.withSession(what, session -> {
            session.persist(EntityMapping.toNewRow(device));
            // Now rather than at commit: the taken id is reported by the call that caused it.
            session.flush();
            return null;
        }, PersistenceFailures.alreadyExistsOr(what, KIND, device.id().value(), API_KEY_CONSTRAINT));
    }

    @Override
    public void update(Device device) {
        String what = describe(device.id());
        transactions.withSession(what, session -> {
            DeviceEntity row = currentRow(session, device, what);
            EntityMapping.copyChangeableState(device, row);
            session.flush();
            // Last seen only grows, so a row already as recent needs no statement. The column is
            // not updatable: setting the field only keeps the session's copy current.
            device.lastSeen()
                    .filter(seen -> row.lastSeen == null || row.lastSeen.isBefore(seen))
                    .ifPresent(seen -> {
                        writeLastSeen(session, Map.of(device.id(), seen));
                        row.lastSeen = seen;
                    });
            return null;
        });
    }

    @Override
    public void remove(Device device) {
        String what = describe(device.id());
        transactions.withSession(what, session -> {
            // The device's updates go with it, by the foreign key's cascade.
            session.remove(currentRow(session, device, what));
            session.flush();
            return null;
        });
    }

    @Override
    public void recordLastSeen(Map<DeviceId, Instant> lastSeen) {
        Objects.requireNonNull(lastSeen, "lastSeen");
        transactions.withSession("Devices last seen", session -> {
            if (!lastSeen.isEmpty()) {
                writeLastSeen(session, lastSeen);
            }
            return null;
        });
    }

    /**
     * One statement per chunk on the session's connection, in id order so that two flushes
     * overlapping in devices meet their rows in the same order. Rows the session already holds
     * keep their old last seen until reloaded in another transaction.
     */
    private void writeLastSeen(Session session, Map<DeviceId, Instant> lastSeen) {
        List<Map.Entry<DeviceId, Instant>> entries = new ArrayList<>(lastSeen.entrySet());
        entries.sort(Comparator.comparing(entry -> entry.getKey().value()));
        boolean onPostgreSql = Dialects.isPostgreSql(session);
        session.doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    onPostgreSql ? RECORD_LAST_SEEN_POSTGRESQL : RECORD_LAST_SEEN_H2)) {
                for (int from = 0; from < entries.size(); from += lastSeenChunk) {
                    List<Map.Entry<DeviceId, Instant>> chunk =
                            entries.subList(from, Math.min(entries.size(), from + lastSeenChunk));
                    Object[] ids = new Object[chunk.size()];
                    Object[] times = new Object[chunk.size()];
                    for (int i = 0; i < chunk.size(); i++) {
                        ids[i] = chunk.get(i).getKey().value();
                        Instant seen = Objects.requireNonNull(chunk.get(i).getValue(), "lastSeen");
                        times[i] = onPostgreSql ? seen.toString() : seen.atOffset(ZoneOffset.UTC);
                    }
                    Array idArray = connection.createArrayOf("varchar", ids);
                    Array timeArray = connection.createArrayOf(onPostgreSql ? "varchar" : "timestamp with time zone",
                            times);
                    try {
                        update.setArray(1, idArray);
                        update.setArray(2, timeArray);
                        update.executeUpdate();
                    } finally {
                        idArray.free();
                        timeArray.free();
                    }
                }
            }
        });
    }

    private static Predicate[] filter(CriteriaBuilder criteria, Root<DeviceEntity> device, ProjectId projectId,
                                      Optional<DeviceClass> deviceClass, Optional<Channel> channel) {
        List<Predicate> where = new ArrayList<>();
        where.add(criteria.equal(device.get("projectId"), projectId.value()));
        deviceClass.ifPresent(value -> where.add(criteria.equal(device.get("deviceClass"), value.value())));
        channel.ifPresent(value -> where.add(criteria.equal(device.get("channelOverride"), value.value())));
        return where.toArray(Predicate[]::new);
    }

    private static void requirePage(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + " and "
                    + limit);
        }
    }

    /** The device's row, provided it is still at the revision the caller read. */
    private static DeviceEntity currentRow(Session session, Device device, String what) {
        DeviceEntity row = findRow(session, device.projectId(), device.id())
                .orElseThrow(() -> new ConcurrentModificationException(what));
        if (row.rowVersion != device.revision()) {
            throw new ConcurrentModificationException(what);
        }
        return row;
    }

    private static Optional<DeviceEntity> findRow(Session session, ProjectId projectId, DeviceId id) {
        return Optional.ofNullable(session.find(DeviceEntity.class, id.value()))
                .filter(row -> row.projectId == projectId.value());
    }

    private static String describe(DeviceId id) {
        return "Device " + id;
    }
}
