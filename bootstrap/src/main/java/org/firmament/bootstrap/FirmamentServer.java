package org.firmament.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.firmament.adapters.persistence.Persistence;
import org.firmament.adapters.persistence.PersistenceConfig;
import org.firmament.adapters.rest.RestApplication;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.storage.FileSystemBinaryStore;
import org.firmament.adapters.storage.S3BinaryStore;
import org.firmament.adapters.storage.S3StoreConfig;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.Clock;
import org.firmament.application.port.in.FromMemory;
import org.firmament.application.port.out.BundleRepository;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.FirmwareImageRepository;
import org.firmament.application.port.out.FirmwareTypeRepository;
import org.firmament.application.port.out.ProjectRepository;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.AuditLog;
import org.firmament.application.service.AdminTokenService;
import org.firmament.application.service.ApiKeyService;
import org.firmament.application.service.AuthenticationService;
import org.firmament.application.service.CredentialCache;
import org.firmament.application.service.AuditService;
import org.firmament.application.service.BinaryIntegrityService;
import org.firmament.application.service.BinaryReleaser;
import org.firmament.application.service.BinaryService;
import org.firmament.application.service.BundleService;
import org.firmament.application.service.DeviceCheckInService;
import org.firmament.application.service.DeviceOtaService;
import org.firmament.application.service.DeviceService;
import org.firmament.application.service.DownloadSigningKeyService;
import org.firmament.application.service.FirmwareTypeService;
import org.firmament.application.service.HealthService;
import org.firmament.application.service.CatalogChangesSeen;
import org.firmament.application.service.CheckInCatalog;
import org.firmament.application.service.DeviceChangesSeen;
import org.firmament.application.service.DeviceStates;
import org.firmament.application.service.ImageService;
import org.firmament.application.service.ProjectService;
import org.firmament.application.service.UpdateCheckService;
import org.firmament.adapters.rest.HotRoutes;
import org.firmament.application.service.LastSeenRecorder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: the composition root. Builds every adapter and use case with plain constructors,
 * starts the HTTP server on the application object the tests use too, and stops it all again.
 */
public final class FirmamentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmamentServer.class);
    /** Keys remembered at most; far more devices than one instance serves within the cache lifetime. */
    private static final int CREDENTIAL_CACHE_CAPACITY = 200_000;
    /** Requests served at once besides the hot ones; each slow download in flight takes one. */
    private static final int MAX_WORKERS = 2048;
    private static final int MAX_PENDING_WRITE_BYTES = 128 * 1024;
    /**
     * The request line and headers together, at most: room for the longest credential accepted (an
     * 8 KiB user token) beside the usual headers; a larger head is refused before any surface sees it.
     */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private final HttpServer http;
    private final URI baseUri;
    private final Optional<String> generatedAdminToken;
    private final Deque<AutoCloseable> resources;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration shutdownGrace;

    private FirmamentServer(HttpServer http, URI baseUri, Optional<String> generatedAdminToken,
                            Deque<AutoCloseable> resources, Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
        this.http = http;
        this.baseUri = baseUri;
        this.generatedAdminToken = generatedAdminToken;
        this.resources = resources;
    }

    /** Connects to the database and the store, migrates the schema, and starts serving. */
    public static FirmamentServer start(FirmamentConfig config) {
        return start(config, true);
    }

    /**
     * With {@code hotRoutes} false every request goes to Jersey: the normal path, which tests
     * compare the hot routes against.
     */
    static FirmamentServer start(FirmamentConfig config, boolean hotRoutes) {
        return start(config, hotRoutes, NonBlockingDownloads.STALL_LIMIT);
    }

    /**
     * With another {@code downloadStallLimit} than {@link NonBlockingDownloads#STALL_LIMIT}: tests
     * see a stalled download cut off in seconds rather than minutes.
     */
    static FirmamentServer start(FirmamentConfig config, boolean hotRoutes, Duration downloadStallLimit) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        StartupPhases phases = new StartupPhases();
        if (config.storage() == FirmamentConfig.Storage.FS) {
            createDataDirectory(config.dataDir());
        }
        // The database (connecting, migrating, Hibernate's boot) is most of a start. Its out-ports
        // exist at once and wait for it on first use, so everything up to the JAX-RS application is
        // built meanwhile on this thread, touching no database; what reads the database runs after.
        Persistence persistence = Persistence.begin(new PersistenceConfig(config.dbUrl(), config.dbUser(),
                config.dbPassword(), config.dbPoolSize(), config.dbConnectionTimeout(), config.dbSocketTimeout()));
        // Closed last, after everything that writes to the database; waits for a start still running.
        resources.addLast(persistence);
        try {
            ServerMetrics metrics = ServerMetrics.start(persistence::poolStatistics);
            resources.push(metrics);
            BinaryStore store = binaryStore(config);
            if (store instanceof AutoCloseable closeable) {
                resources.push(closeable);
            }
            phases.ended("metrics and binary store");

            Clock clock = Clock.system();
            AuditLog audit = persistence.auditLog();
            // Every service's transactions: none may open inside a FromMemory attempt (a selector thread).
            TransactionBoundary transactions = FromMemory.guard(persistence.transactions());
            // Both check-ins answer from one catalogue; every service writes projects, types, images
            // and bundles through these, so check-ins see this instance's changes at once, and other
            // instances' within the check-in cache bound (the catalogue epoch).
            CheckInCatalog catalog = new CheckInCatalog(transactions, persistence.projects(), persistence.bundles(),
                    persistence.firmwareTypes(), persistence.firmwareImages(), clock, config.checkInCache(),
                    persistence.catalogEpoch());
            ProjectRepository projectRows = CatalogChangesSeen.projects(persistence.projects(), catalog::changed);
            FirmwareTypeRepository typeRows = CatalogChangesSeen.types(persistence.firmwareTypes(), catalog::changed);
            FirmwareImageRepository firmwareImages = CatalogChangesSeen.images(persistence.firmwareImages(),
                    catalog::changed);
            BundleRepository bundleRows = CatalogChangesSeen.bundles(persistence.bundles(), catalog::changed);
            // What devices' polls remember of each device lives as long as credentials, bounded the
            // same way across instances.
            DeviceStates deviceStates = new DeviceStates(clock, config.checkInCache(), config.credentialCache(),
                    transactions, persistence.deviceStateEpochs());
            DeviceRepository deviceRows = new DeviceChangesSeen(persistence.devices(), deviceStates);
            DeviceCheckInService checkIns = new DeviceCheckInService(transactions, projectRows, deviceRows,
                    bundleRows, typeRows, firmwareImages, persistence.offeredUpdates(), audit, clock,
                    config.devicePoll(), catalog, deviceStates, recordingTransactions(config.dbPoolSize()));
            IdGenerator ids = IdGenerator.secureRandom();
            BinaryReleaser releaser = new BinaryReleaser(transactions, firmwareImages,
                    persistence.storedBinaries(), store, clock);
            BinaryIntegrityService integrity = new BinaryIntegrityService(transactions,
                    persistence.storedBinaries(), firmwareImages, store, clock);
            CredentialCache credentials = new CredentialCache(clock, config.credentialCache(), CREDENTIAL_CACHE_CAPACITY,
                    transactions, persistence.credentialEpoch());
            ImageService images = new ImageService(transactions, projectRows,
                    typeRows, firmwareImages, bundleRows, releaser, audit,
                    ids, clock);
            BinaryService binaries = new BinaryService(transactions, firmwareImages,
                    bundleRows, store, releaser, integrity, audit, clock, config.maxUploadBytes());
            AdminTokenService adminToken = new AdminTokenService(transactions,
                    persistence.credentials(), ids, config.adminToken());
            HealthService health = new HealthService(persistence.databaseHealth(), store);
            DeviceService devices = new DeviceService(transactions, projectRows,
                    deviceRows, bundleRows, typeRows,
                    firmwareImages, audit, credentials, ids, clock);
            BundleService bundles = new BundleService(transactions, projectRows,
                    bundleRows, firmwareImages, deviceRows,
                    persistence.offeredUpdates(), persistence.storedBinaries(), audit, ids, clock, catalog);
            DeviceOtaService deviceOta = new DeviceOtaService(transactions, deviceRows,
                    persistence.deviceUpdates(), typeRows, firmwareImages, store,
                    releaser, audit, ids, clock, deviceStates, config.maxUploadBytes());
            LastSeenRecorder lastSeen = new LastSeenRecorder(transactions, deviceRows, clock);
            AuthenticationService authentication = new AuthenticationService(transactions, adminToken,
                    persistence.apiKeys(), deviceRows, config.userTokenVerifier(), credentials, lastSeen,
                    lookupTransactions(config.dbPoolSize()));
            ApiKeyService apiKeys = new ApiKeyService(transactions, projectRows,
                    persistence.apiKeys(), audit, credentials, ids, clock);

            ProjectService projects = new ProjectService(transactions, projectRows,
                    firmwareImages, bundleRows, deviceRows, persistence.apiKeys(), credentials, audit, clock);
            FirmwareTypeService firmwareTypes = new FirmwareTypeService(transactions,
                    projectRows, typeRows, firmwareImages, audit, clock);
            AuditService auditQueries = new AuditService(transactions, projectRows, audit);

            DownloadSigningKeyService signingKey = new DownloadSigningKeyService(transactions,
                    persistence.credentials(), ids, config.downloadSigningKey());
            // The key may be stored in the database: read below, once it has started.
            DownloadLinks links = DownloadLinks.withKeyReadLater(config.publicUrl(), signingKey::signingKey,
                    config.downloadUrlLifetime(), clock);

            phases.ended("use cases");
            RestUseCases useCases = new RestUseCases(images, images, images, images, images, binaries, binaries,
                    binaries, new UpdateCheckService(catalog), bundles, bundles, bundles, projects, firmwareTypes,
                    auditQueries, devices, devices, authentication, apiKeys, deviceOta, deviceOta, deviceOta, health,
                    checkIns, checkIns, integrity);
            GrizzlyHttpContainer jersey = ContainerFactory.createContainer(GrizzlyHttpContainer.class,
                    RestApplication.create(useCases, metrics.registry(), links, config.downloadMode(),
                            config.metricsToken())
                            .register(new NonBlockingDownloads.Diverter()));
            phases.ended("JAX-RS application");

            persistence.awaitStarted();
            phases.ended("waiting for the database (" + persistence.startTookMillis() + " ms to start)");
            Optional<String> generated = adminToken.initialise();
            links.readKey();
            resources.push(LastSeenFlusher.start(lastSeen, config.lastSeenFlush()));
            resources.push(BinaryMaintenance.start(integrity, config, metrics.registry()));
            phases.ended("admin token and signing key");
            URI requested = URI.create("http://" + hostForUri(config.httpHost()) + ":" + config.httpPort() + "/");
            HttpServer http = GrizzlyHttpServerFactory.createHttpServer(requested, jersey, false, null, false);
            ExecutorService workers = workerPool();
            resources.push(workers::shutdownNow);
            http.getServerConfiguration().removeHttpHandler(jersey);
            // Grizzly's own answers (a request on an open connection while the server stops) as the surface's errors.
            http.getServerConfiguration().setDefaultErrorPageGenerator(new SurfaceErrorPages(RestApplication.surfaceErrors()));
            http.getServerConfiguration().addHttpHandler(new HotPathHandler(jersey,
                    hotRoutes ? Optional.of(new HotRoutes(useCases, metrics.registry(), links)) : Optional.empty(),
                    workers, downloadStallLimit));
            NetworkListener listener = http.getListeners().iterator().next();
            listener.registerAddOn(new IgnoreProtocolUpgrades());
            // Requests are read on the selector threads; HotPathHandler decides where each one runs.
            listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
            listener.getTransport().setWorkerThreadPoolConfig(null);
            // A slow client holds never more than this much of the heap in its connection's write queue.
            listener.getTransport().getAsyncQueueIO().getWriter()
                    .setMaxPendingBytesPerConnection(MAX_PENDING_WRITE_BYTES);
            listener.setMaxHttpHeaderSize(MAX_HEADER_BYTES);
            http.start();
            phases.ended("HTTP listener");
            LOG.info("start-up phases: {}", phases);
            URI actual = URI.create("http://" + hostForUri(config.httpHost()) + ":" + listener.getPort() + "/");
            return new FirmamentServer(http, actual, generated, resources, config.shutdownGrace());
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * The device API's recording transactions that may run at once: a fifth of the pool. The
     * check-ins that must record while these run wait and are recorded together, so fewer at once
     * make larger batches: on 2 cores, 2 at once took 13-39 % less time than 5 for a rollout's walks,
     * with a third of the commits and two thirds of PostgreSQL's CPU (benchmarks.md, 2026-12-07).
     */
    static int recordingTransactions(int poolSize) {
        return Math.max(1, poolSize / 5);
    }

    /**
     * The transactions that may look credentials up at once: a quarter of the pool, so that a
     * fleet's first polls after a start (gathered into few lookups of many keys while these run)
     * leave, with the recordings' fifth, more than half to everything else.
     */
    static int lookupTransactions(int poolSize) {
        return Math.max(1, poolSize / 4);
    }

    /**
     * Threads for every request but liveness: an idle one is reused, else a new one is started, up
     * to {@link #MAX_WORKERS}; beyond them requests wait in line; a thread idle for a minute ends.
     * Many, because an upload from a slow client holds its thread for as long as it runs (a download
     * does not: {@link NonBlockingDownloads}).
     */
    private static ExecutorService workerPool() {
        return GrizzlyExecutorService.createInstance(ThreadPoolConfig.defaultConfig()
                .setPoolName("firmament-http")
                .setCorePoolSize(Runtime.getRuntime().availableProcessors())
                .setMaxPoolSize(MAX_WORKERS)
                .setQueueLimit(-1)
                .setKeepAliveTime(60, TimeUnit.SECONDS));
    }

    /**
     * Made before the database starts: the embedded database and the file-system store each create
     * their own directory inside it, on two threads, and H2 gives up when the parent it found
     * missing is created by the other meanwhile (a first start then failed, now and then).
     */
    private static void createDataDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory "
                    + dataDir.toAbsolutePath().normalize(), e);
        }
    }

    private static BinaryStore binaryStore(FirmamentConfig config) {
        return switch (config.storage()) {
            case FS -> new FileSystemBinaryStore(config.dataDir().resolve("binaries"));
            case S3 -> {
                FirmamentConfig.S3 s3 = config.s3().orElseThrow();
                yield S3BinaryStore.create(new S3StoreConfig(s3.endpoint(), s3.accessKey(), s3.secretKey(),
                        s3.bucket(), s3.region(), s3.publicEndpoint().orElse(null), s3.connectTimeout(),
                        s3.readTimeout()));
            }
        };
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Where the server listens; with port 0 configured, the port the system picked. */
    public URI baseUri() {
        return baseUri;
    }

    /** The admin token generated at this first start, to be shown once; empty otherwise. */
    public Optional<String> generatedAdminToken() {
        return generatedAdminToken;
    }

    /**
     * Stops accepting connections at once, lets running requests finish within the configured
     * grace period (a request still running then is cut off, and its upload discarded as after
     * any broken connection), then releases the store and the database. The shutdown hook of
     * {@link Main} calls it on SIGTERM.
     */
    @Override
    public void close() {
        long graceMillis = shutdownGrace.toMillis();
        try {
            if (graceMillis == 0) {
                http.shutdownNow();
            } else {
                http.shutdown(graceMillis, TimeUnit.MILLISECONDS).get(graceMillis + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HTTP server did not stop gracefully: {}", e.toString());
            http.shutdownNow();
        }
        closeAll(resources);
        closed.countDown();
    }

    /**
     * Returns once {@link #close} has finished. Grizzly's selector threads are daemons, so the
     * process lives as long as someone waits here.
     */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while closing: {}", e.toString());
            }
        }
    }
}
