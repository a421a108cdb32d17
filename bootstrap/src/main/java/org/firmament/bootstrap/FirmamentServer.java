package org.firmament.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import org.firmament.application.port.out.FirmwareImageRepository;
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
import org.firmament.application.service.ImageChangesSeen;
import org.firmament.application.service.ImageService;
import org.firmament.application.service.ProjectService;
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
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Persistence persistence = Persistence.start(new PersistenceConfig(config.dbUrl(), config.dbUser(),
                    config.dbPassword(), config.dbPoolSize(), config.dbConnectionTimeout(), config.dbSocketTimeout()));
            resources.push(persistence);
            ServerMetrics metrics = ServerMetrics.start(persistence::poolStatistics);
            resources.push(metrics);
            BinaryStore store = binaryStore(config);
            if (store instanceof AutoCloseable closeable) {
                resources.push(closeable);
            }

            Clock clock = Clock.system();
            AuditLog audit = persistence.auditLog();
            DeviceCheckInService checkIns = new DeviceCheckInService(persistence.transactions(), persistence.projects(),
                    persistence.devices(), persistence.bundles(), persistence.firmwareTypes(),
                    persistence.firmwareImages(), persistence.offeredUpdates(), audit, clock, config.devicePoll(),
                    config.checkInCache());
            // Every service writes images through this one, so check-ins see this instance's releases at once.
            FirmwareImageRepository firmwareImages = new ImageChangesSeen(persistence.firmwareImages(),
                    checkIns::forgetCatalog);
            IdGenerator ids = IdGenerator.secureRandom();
            BinaryReleaser releaser = new BinaryReleaser(persistence.transactions(), firmwareImages,
                    persistence.storedBinaries(), store, clock);
            BinaryIntegrityService integrity = new BinaryIntegrityService(persistence.transactions(),
                    persistence.storedBinaries(), firmwareImages, store, clock);
            CredentialCache credentials = new CredentialCache(clock, config.credentialCache(), CREDENTIAL_CACHE_CAPACITY,
                    persistence.transactions(), persistence.credentialEpoch());
            ImageService images = new ImageService(persistence.transactions(), persistence.projects(),
                    persistence.firmwareTypes(), firmwareImages, persistence.bundles(), releaser, audit,
                    ids, clock);
            BinaryService binaries = new BinaryService(persistence.transactions(), firmwareImages,
                    persistence.bundles(), store, releaser, integrity, audit, clock, config.maxUploadBytes());
            AdminTokenService adminToken = new AdminTokenService(persistence.transactions(),
                    persistence.credentials(), ids, config.adminToken());
            Optional<String> generated = adminToken.initialise();
            HealthService health = new HealthService(persistence.databaseHealth(), store);
            DeviceService devices = new DeviceService(persistence.transactions(), persistence.projects(),
                    persistence.devices(), persistence.bundles(), persistence.firmwareTypes(),
                    firmwareImages, audit, credentials, ids, clock);
            BundleService bundles = new BundleService(persistence.transactions(), persistence.projects(),
                    persistence.bundles(), firmwareImages, persistence.devices(),
                    persistence.offeredUpdates(), persistence.storedBinaries(), audit, ids, clock,
                    config.checkInCache());
            bundles.whenBundlesChange(checkIns::forgetCatalog);
            DeviceOtaService deviceOta = new DeviceOtaService(persistence.transactions(), persistence.devices(),
                    persistence.deviceUpdates(), persistence.firmwareTypes(), firmwareImages, store,
                    releaser, audit, ids, clock, config.maxUploadBytes());
            LastSeenRecorder lastSeen = new LastSeenRecorder(persistence.transactions(), persistence.devices(), clock);
            resources.push(LastSeenFlusher.start(lastSeen, config.lastSeenFlush()));
            AuthenticationService authentication = new AuthenticationService(persistence.transactions(), adminToken,
                    persistence.apiKeys(), persistence.devices(), config.userTokenVerifier(), credentials, lastSeen);
            ApiKeyService apiKeys = new ApiKeyService(persistence.transactions(), persistence.projects(),
                    persistence.apiKeys(), audit, credentials, ids, clock);

            ProjectService projects = new ProjectService(persistence.transactions(), persistence.projects(),
                    firmwareImages, persistence.bundles(), persistence.devices(), audit, clock);
            FirmwareTypeService firmwareTypes = new FirmwareTypeService(persistence.transactions(),
                    persistence.projects(), persistence.firmwareTypes(), firmwareImages, audit, clock);
            AuditService auditQueries = new AuditService(persistence.transactions(), persistence.projects(), audit);

            DownloadSigningKeyService signingKey = new DownloadSigningKeyService(persistence.transactions(),
                    persistence.credentials(), ids, config.downloadSigningKey());
            DownloadLinks links = new DownloadLinks(config.publicUrl(), signingKey.signingKey(),
                    config.downloadUrlLifetime(), clock);

            RestUseCases useCases = new RestUseCases(images, images, images, images, images, binaries, binaries,
                    binaries, images, bundles, bundles, bundles, projects, firmwareTypes, auditQueries, devices,
                    devices, authentication, apiKeys, deviceOta, deviceOta, deviceOta, health, checkIns, checkIns,
                    integrity);
            resources.push(BinaryMaintenance.start(integrity, config, metrics.registry()));
            URI requested = URI.create("http://" + hostForUri(config.httpHost()) + ":" + config.httpPort() + "/");
            GrizzlyHttpContainer jersey = ContainerFactory.createContainer(GrizzlyHttpContainer.class,
                    RestApplication.create(useCases, metrics.registry(), links, config.downloadMode(),
                            config.metricsToken())
                            .register(new NonBlockingDownloads.Diverter()));
            HttpServer http = GrizzlyHttpServerFactory.createHttpServer(requested, jersey, false, null, false);
            ExecutorService workers = workerPool();
            resources.push(workers::shutdownNow);
            http.getServerConfiguration().removeHttpHandler(jersey);
            http.getServerConfiguration().addHttpHandler(new HotPathHandler(jersey,
                    hotRoutes ? Optional.of(new HotRoutes(useCases, metrics.registry(), links)) : Optional.empty(),
                    workers));
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
            URI actual = URI.create("http://" + hostForUri(config.httpHost()) + ":" + listener.getPort() + "/");
            return new FirmamentServer(http, actual, generated, resources, config.shutdownGrace());
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
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
