package org.firmament.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.firmament.application.port.out.ApiKeyRepository;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.ChangeEpoch;
import org.firmament.application.port.out.DeviceStateEpochs;
import org.firmament.application.port.out.CredentialRepository;
import org.firmament.application.port.out.DatabaseHealth;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.DeviceUpdateRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.OfferedUpdateRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.StoredBinaryRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.AvailableSettings;

/**
 * Persistence adapter: the entry point. {@link #start} opens the connection pool, migrates the
 * schema with Flyway and boots Hibernate; the accessors hand out the out-port implementations,
 * all sharing one thread-bound transaction. {@link #begin} does the same on a thread of its own and
 * hands out the out-ports at once, so that what is built on them can be built meanwhile.
 */
public final class Persistence implements AutoCloseable {

    // Listed rather than scanned: scanning the classpath would cost startup time for nothing.
    private static final List<Class<?>> ENTITIES = List.of(ProjectEntity.class, FirmwareTypeEntity.class,
            FirmwareImageEntity.class, AdminCredentialEntity.class, BundleEntity.class, DeviceEntity.class,
            DeviceUpdateEntity.class, AuditEntryEntity.class, ApiKeyEntity.class, DownloadSigningKeyEntity.class,
            OfferedUpdateEntity.class, StoredBinaryEntity.class);

    /** The connection pool's name, for logs and for labelling its metrics. */
    public static final String POOL_NAME = "firmament-db";

    /** Statements a flush sends together at most. */
    static final int STATEMENT_BATCH_SIZE = 64;

    private static final String MIGRATIONS = "classpath:db/migration";
    private static final String POSTGRESQL_URL = "jdbc:postgresql:";

    private final CompletableFuture<Started> starting;
    private final SessionTransactionBoundary transactions;
    private final ProjectRepository projects;
    private final FirmwareTypeRepository firmwareTypes;
    private final FirmwareImageRepository firmwareImages;
    private final StoredBinaryRepository storedBinaries;
    private final CredentialRepository credentials;
    private final ChangeEpoch credentialEpoch;
    private final ChangeEpoch catalogEpoch;
    private final DeviceStateEpochs deviceStateEpochs;
    private final BundleRepository bundles;
    private final DeviceRepository devices;
    private final DeviceUpdateRepository deviceUpdates;
    private final OfferedUpdateRepository offeredUpdates;
    private final ApiKeyRepository apiKeys;
    private final AuditLog auditLog;
    private final DatabaseHealth databaseHealth;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What a start built; closed together. */
    private record Started(HikariDataSource pool, SessionFactory sessionFactory, DatabaseHealth health,
                           long tookMillis) {
    }

    private Persistence(CompletableFuture<Started> starting) {
        this.starting = starting;
        this.transactions = new SessionTransactionBoundary(() -> started().sessionFactory());
        this.projects = new HibernateProjectRepository(transactions);
        this.firmwareTypes = new HibernateFirmwareTypeRepository(transactions);
        this.firmwareImages = new HibernateFirmwareImageRepository(transactions);
        this.storedBinaries = new HibernateStoredBinaryRepository(transactions);
        this.credentials = new HibernateCredentialRepository(transactions);
        this.credentialEpoch = new HibernateChangeEpoch(transactions, HibernateChangeEpoch.Table.CREDENTIAL_EPOCH);
        this.catalogEpoch = new HibernateChangeEpoch(transactions, HibernateChangeEpoch.Table.CATALOG_EPOCH);
        this.deviceStateEpochs = new HibernateDeviceStateEpochs(transactions);
        this.bundles = new HibernateBundleRepository(transactions);
        this.devices = new HibernateDeviceRepository(transactions);
        this.deviceUpdates = new HibernateDeviceUpdateRepository(transactions);
        this.offeredUpdates = new HibernateOfferedUpdateRepository(transactions);
        this.apiKeys = new HibernateApiKeyRepository(transactions);
        this.auditLog = new HibernateAuditLog(transactions);
        this.databaseHealth = () -> started().health().checkReachable();
    }

    /**
     * Connects, brings the schema up to date and returns the running adapter; the caller closes it.
     *
     * @throws ServiceUnavailableException when the database cannot be reached
     * @throws IllegalStateException when the schema cannot be migrated or Hibernate cannot start
     */
    public static Persistence start(PersistenceConfig config) {
        return new Persistence(CompletableFuture.completedFuture(startNow(config)));
    }

    /**
     * Starts as {@link #start} does, on a daemon thread, and returns at once. The out-ports can be
     * handed out and wired meanwhile; the first use of one waits for the start to end (and throws
     * what it threw, wrapped). {@link #awaitStarted} waits for it and throws its failure as it was.
     */
    public static Persistence begin(PersistenceConfig config) {
        return new Persistence(onDaemonThread("firmament-database-start", () -> startNow(config)));
    }

    /** {@code work}'s result, or its failure, once it ran on a new daemon thread named {@code name}. */
    private static <T> CompletableFuture<T> onDaemonThread(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error failure) {
                result.completeExceptionally(failure);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /**
     * Waits for a start begun by {@link #begin} to end; returns this adapter, started.
     *
     * @throws ServiceUnavailableException when the database cannot be reached
     * @throws IllegalStateException when the schema cannot be migrated or Hibernate cannot start
     */
    public Persistence awaitStarted() {
        started();
        return this;
    }

    /** How long the start took, in milliseconds; -1 while it runs or when it failed. */
    public long startTookMillis() {
        return startedSoFar().map(Started::tookMillis).orElse(-1L);
    }

    /** The start's result, waiting for it when it still runs; its failure as it was thrown. */
    private Started started() {
        return joined(starting);
    }

    /**
     * What work run on another thread gave, waiting for it; its failure as it would have been
     * thrown had the work run on the calling thread.
     */
    private static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The start's result once it succeeded; empty while it runs and when it failed. */
    private Optional<Started> startedSoFar() {
        return starting.isDone() && !starting.isCompletedExceptionally() ? Optional.of(starting.join())
                : Optional.empty();
    }

    private static Started startNow(PersistenceConfig config) {
        long began = System.nanoTime();
        HikariDataSource pool = null;
        try {
            pool = openPool(config);
            DataSource forHibernate = new ConnectionFailureMarkingDataSource(pool);
            // Hibernate's boot reads the entity classes and the database's metadata, never the schema,
            // so it runs beside the migration: the two were a third of the start-up, one after the other.
            CompletableFuture<SessionFactory> booting =
                    onDaemonThread("firmament-hibernate-boot", () -> buildSessionFactory(forHibernate));
            try {
                migrate(pool);
            } catch (RuntimeException failure) {
                // The pool closes only once Hibernate no longer uses it; a boot failure then adds nothing.
                SessionFactory booted = booting.exceptionally(bootFailure -> null).join();
                if (booted != null) {
                    booted.close();
                }
                throw failure;
            }
            SessionFactory sessionFactory = joined(booting);
            return new Started(pool, sessionFactory, new JdbcDatabaseHealth(pool),
                    (System.nanoTime() - began) / 1_000_000);
        } catch (RuntimeException failure) {
            if (pool != null) {
                pool.close();
            }
            if (PersistenceFailures.isConnectionFailure(failure)) {
                throw new ServiceUnavailableException("The database cannot be reached at "
                        + withoutParameters(config.jdbcUrl()), failure);
            }
            throw new IllegalStateException("The persistence adapter could not start: " + failure.getMessage(), failure);
        }
    }

    /** The URL up to its parameters, which may carry a password and so never go into a message. */
    static String withoutParameters(String jdbcUrl) {
        int cut = jdbcUrl.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = jdbcUrl.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return jdbcUrl.substring(0, cut);
    }

    public TransactionBoundary transactions() {
        return transactions;
    }

    public ProjectRepository projects() {
        return projects;
    }

    public FirmwareTypeRepository firmwareTypes() {
        return firmwareTypes;
    }

    public FirmwareImageRepository firmwareImages() {
        return firmwareImages;
    }

    public StoredBinaryRepository storedBinaries() {
        return storedBinaries;
    }

    public CredentialRepository credentials() {
        return credentials;
    }

    /** Advanced by every change that can make a remembered credential wrong. */
    public ChangeEpoch credentialEpoch() {
        return credentialEpoch;
    }

    /** Advanced by every write of what check-ins decide on besides the device (projects, types, images, bundles). */
    public ChangeEpoch catalogEpoch() {
        return catalogEpoch;
    }

    public DeviceStateEpochs deviceStateEpochs() {
        return deviceStateEpochs;
    }

    public BundleRepository bundles() {
        return bundles;
    }

    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    public DeviceRepository devices() {
        return devices;
    }

    public DeviceUpdateRepository deviceUpdates() {
        return deviceUpdates;
    }

    public OfferedUpdateRepository offeredUpdates() {
        return offeredUpdates;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public DatabaseHealth databaseHealth() {
        return databaseHealth;
    }

    /** The connection pool as it is now; all zeros once closed. Cheap enough to read at every scrape. */
    public PoolStatistics poolStatistics() {
        Optional<Started> started = startedSoFar();
        if (started.isEmpty()) {
            return PoolStatistics.CLOSED;
        }
        HikariDataSource pool = started.get().pool();
        HikariPoolMXBean state = pool.getHikariPoolMXBean();
        if (state == null || pool.isClosed()) {
            return PoolStatistics.CLOSED;
        }
        return new PoolStatistics(state.getActiveConnections(), state.getIdleConnections(),
                state.getThreadsAwaitingConnection(), state.getTotalConnections(), pool.getMaximumPoolSize());
    }

    /**
     * Closes Hibernate, then the pool; calling it again does nothing. A start still running is
     * waited for first; a start that failed left nothing open.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Started started;
            try {
                started = started();
            } catch (RuntimeException | Error failedStart) {
                return;
            }
            try {
                started.sessionFactory().close();
            } finally {
                started.pool().close();
            }
        }
    }

    /** The pool itself, for tests in this package that need plain SQL or an unreachable database. */
    HikariDataSource pool() {
        return started().pool();
    }

    private static HikariDataSource openPool(PersistenceConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        long timeoutMillis = config.connectionTimeout().toMillis();
        hikari.setConnectionTimeout(timeoutMillis);
        // The pool refuses a validation timeout longer than the connection timeout.
        hikari.setValidationTimeout(Math.min(timeoutMillis, 1_000));
        // Fail start() at once, rather than boot a server whose every request would fail.
        hikari.setInitializationFailTimeout(1);
        if (config.jdbcUrl().startsWith(POSTGRESQL_URL)) {
            // Without these the driver waits on a silent server for as long as the operating system
            // keeps the TCP connection: minutes, with a request thread held all the while. Settings
            // in the URL take precedence, so an operator can still tune them one by one.
            // Strings, because the driver reads only the string-valued entries of its properties.
            String connectSeconds = wholeSeconds(config.connectionTimeout());
            hikari.addDataSourceProperty("connectTimeout", connectSeconds);
            hikari.addDataSourceProperty("loginTimeout", connectSeconds);
            hikari.addDataSourceProperty("cancelSignalTimeout", connectSeconds);
            hikari.addDataSourceProperty("socketTimeout", wholeSeconds(config.socketTimeout()));
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
        }
        return new HikariDataSource(hikari);
    }

    /** The driver counts its timeouts in whole seconds; round up so a timeout never becomes 0, "forever". */
    private static String wholeSeconds(java.time.Duration timeout) {
        return String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
    }

    private static void migrate(DataSource pool) {
        Flyway.configure(Persistence.class.getClassLoader())
                .dataSource(pool)
                .locations(MIGRATIONS)
                .javaMigrations(new DeviceFillFactorMigration())
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    private static SessionFactory buildSessionFactory(DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                // No lazy associations and no getReference(), so no proxies are needed; generating
                // them with Byte Buddy would load a thousand classes at every start.
                .addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl())
                .applySetting(AvailableSettings.DATASOURCE, dataSource)
                // Flyway owns the schema; Hibernate neither creates nor validates it.
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none")
                // Boot lean: no XML mappings to look for, no Bean Validation, no named queries to check.
                .applySetting(AvailableSettings.XML_MAPPING_ENABLED, false)
                .applySetting(AvailableSettings.JAKARTA_VALIDATION_MODE, "none")
                .applySetting(AvailableSettings.QUERY_STARTUP_CHECKING, false)
                // The adapter translates every SQL error; an expected duplicate must not log as an error.
                .applySetting(AvailableSettings.LOG_JDBC_ERRORS, false)
                // Rows a flush writes go in batches (the device API records many check-ins' offers in
                // one transaction), updates in the order of their keys, so that two transactions
                // writing the same rows take their locks in the same order.
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, STATEMENT_BATCH_SIZE)
                .applySetting(AvailableSettings.ORDER_UPDATES, true)
                // An IN list of n parameters is written with the next power of two, so that the
                // driver prepares a handful of statements rather than one per list length.
                .applySetting(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException failure) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw failure;
        }
    }
}
