package org.firmament.adapters.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Upload;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.LocalFile;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.application.port.out.StoredContent;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.BinaryKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage adapter: keeps binaries as objects {@code objects/<key>} in one bucket of an
 * S3-compatible service (MinIO, AWS S3, ...), through the MinIO Java client.
 *
 * <p>S3 makes an object visible only once its upload completed, which gives the port's atomic
 * write for free; what needs care is a failed multipart upload, whose parts S3 keeps (and bills)
 * until someone aborts it.
 */
public final class S3BinaryStore implements BinaryStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3BinaryStore.class);

    /**
     * The client buffers one part in memory per upload, so this bounds an upload's memory;
     * 8 MiB parts still allow 80 GB objects within S3's limit of 10,000 parts.
     */
    static final long PART_SIZE = 8L * 1024 * 1024;
    static final String KEY_PREFIX = "objects/";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** Presigning needs a region; without one configured, the client would ask the service on every call. */
    private static final String DEFAULT_REGION = "us-east-1";
    private static final Set<String> BUCKET_ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    private final S3StoreConfig config;
    private final MinioAsyncClient client;
    /**
     * A copy of {@link #client} that shares its connections but gives up within seconds, so that a
     * health check answers quickly; transfers need the client's long timeouts.
     */
    private final MinioAsyncClient probeClient;
    /** Transfers fail at once while the store is known to be unreachable; the health probe always asks. */
    private final OutageGate gate;
    /**
     * Signs URLs for the host devices see ({@link S3StoreConfig#presigningEndpoint()}); the host is
     * part of the signature, so the transfer client's cannot be used when the two differ. Signing
     * is local: this client never connects.
     */
    private final MinioAsyncClient presigningClient;

    /**
     * Connects to the store described by {@code config} and creates its bucket when missing.
     * Close the store on shutdown.
     *
     * @throws ServiceUnavailableException when the store cannot be reached or refuses the bucket
     */
    public static S3BinaryStore create(S3StoreConfig config) {
        S3BinaryStore store = new S3BinaryStore(config);
        try {
            store.createBucketIfMissing();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Connects without touching the bucket; {@link #create} is the way in for everyone but tests.
     * The asynchronous client is used throughout (and awaited) because only it can list and abort
     * multipart uploads.
     */
    S3BinaryStore(S3StoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = new OutageGate("S3 store " + config.endpoint());
        this.client = MinioAsyncClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        long readTimeout = config.readTimeout().toMillis();
        // The client's own defaults are five minutes each: a store that went silent would hold a
        // request thread that long. A write waits on the store to take the next bytes, like a read.
        client.setTimeout(config.connectTimeout().toMillis(), readTimeout, readTimeout);
        // An empty subclass, because the copy constructor is protected.
        this.probeClient = new MinioAsyncClient(client) { };
        long probe = Math.min(PROBE_TIMEOUT.toMillis(), Math.min(config.connectTimeout().toMillis(), readTimeout));
        probeClient.setTimeout(probe, probe, probe);
        this.presigningClient = MinioAsyncClient.builder()
                .endpoint(config.presigningEndpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region() != null ? config.region() : DEFAULT_REGION)
                .build();
    }

    @Override
    public StoredContent store(InputStream content, long maxBytes) {
        return gate.observe(() -> storeNow(content, maxBytes));
    }

    /** Objects live in the bucket, not on this machine: their bytes are always streamed. */
    @Override
    public Optional<LocalFile> openLocalFile(BinaryKey key) {
        return Optional.empty();
    }

    @Override
    public InputStream open(BinaryKey key, long offset, long length) {
        return gate.call(() -> openNow(key, offset, length));
    }

    @Override
    public void delete(BinaryKey key) {
        gate.run(() -> deleteNow(key));
    }

    @Override
    public boolean exists(BinaryKey key) {
        return gate.call(() -> existsNow(key));
    }

    private StoredContent storeNow(InputStream content, long maxBytes) {
        MeasuringInputStream in = new MeasuringInputStream(content, maxBytes);
        BinaryKey key = BinaryKey.of(UUID.randomUUID().toString());
        String object = objectName(key);
        try {
            // Unknown size (-1): the client reads a part at a time and switches to a multipart
            // upload when the first part fills up.
            client.putObject(PutObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(object)
                    .stream(in, -1, PART_SIZE)
                    .contentType("application/octet-stream")
                    .build()).get();
            return in.measured(key);
        } catch (Exception e) {
            // The client reads a whole first part before it sends anything, so an upload that
            // failed within that part never reached the store.
            if (!(in.inputFailed() && in.size() <= PART_SIZE)) {
                removeRemains(object, e);
            }
            in.rethrowInputFailure();
            throw unavailable("storing binary " + key, e);
        }
    }

    private InputStream openNow(BinaryKey key, long offset, long length) {
        ReadWindow window = new ReadWindow(offset, length);
        if (length == 0) {
            // S3 cannot express an empty range; the caller still learns whether the binary exists.
            requireExists(key);
            return InputStream.nullInputStream();
        }
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(config.bucket()).object(objectName(key));
        if (!window.runsToEnd()) {
            args.offset(offset).length(length);
        } else if (offset > 0) {
            args.offset(offset);
        }
        try {
            return client.getObject(args.build()).get();
        } catch (Exception e) {
            String code = errorCode(e);
            if ("NoSuchKey".equals(code)) {
                throw new NotFoundException(NotFoundException.Subject.BINARY, key.value());
            }
            if ("InvalidRange".equals(code)) {
                // The window starts at or past the end; that is an empty read, not an error.
                requireExists(key);
                return InputStream.nullInputStream();
            }
            throw unavailable("opening binary " + key, e);
        }
    }

    @Override
    public Optional<URI> presignedGet(BinaryKey key, String contentDisposition, Duration lifetime) {
        try {
            return Optional.of(URI.create(presigningClient.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(config.bucket())
                    .object(objectName(key))
                    .expiry((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()))
                    .extraQueryParams(Map.of("response-content-disposition", contentDisposition,
                            "response-content-type", "application/octet-stream"))
                    .build())));
        } catch (Exception e) {
            throw unavailable("signing a URL for binary " + key, e);
        }
    }

    private void deleteNow(BinaryKey key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(objectName(key)).build()).get();
        } catch (Exception e) {
            if (!"NoSuchKey".equals(errorCode(e))) {
                throw unavailable("deleting binary " + key, e);
            }
        }
    }

    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<BinaryKey> action) {
        List<BinaryKey> found = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket())
                    .prefix(KEY_PREFIX).recursive(true).build())) {
                Item item = result.get();
                String name = item.objectName().substring(KEY_PREFIX.length());
                if (!item.isDir() && BinaryKey.isValid(name) && item.lastModified().toInstant().isBefore(cutoff)) {
                    found.add(BinaryKey.of(name));
                }
            }
        } catch (Exception e) {
            throw unavailable("listing the binaries", e);
        }
        // Acted on after the listing, so that deletions do not disturb its paging.
        found.forEach(action);
    }

    @Override
    public int removeAbandonedUploads(Instant cutoff) {
        int removed = 0;
        try {
            String keyMarker = null;
            String uploadIdMarker = null;
            ListMultipartUploadsResult page;
            do {
                page = client.listMultipartUploadsAsync(config.bucket(), config.region(), null, null,
                        keyMarker, null, KEY_PREFIX, uploadIdMarker, null, null).get().result();
                for (Upload upload : page.uploads()) {
                    if (upload.initiated() != null && upload.initiated().toInstant().isBefore(cutoff)) {
                        client.abortMultipartUploadAsync(config.bucket(), config.region(), upload.objectName(),
                                upload.uploadId(), null, null).get();
                        removed++;
                    }
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            } while (page.isTruncated());
        } catch (Exception e) {
            throw unavailable("removing abandoned uploads", e);
        }
        if (removed > 0) {
            LOG.info("Aborted {} abandoned multipart upload(s) in bucket {}", removed, config.bucket());
        }
        return removed;
    }

    private boolean existsNow(BinaryKey key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(objectName(key)).build()).get();
            return true;
        } catch (Exception e) {
            if ("NoSuchKey".equals(errorCode(e))) {
                return false;
            }
            throw unavailable("looking up binary " + key, e);
        }
    }

    @Override
    public void checkReachable() {
        boolean found;
        try {
            found = probeClient.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build()).get();
        } catch (Exception e) {
            throw unavailable("reaching bucket " + config.bucket() + " at " + config.endpoint(), e);
        }
        if (!found) {
            throw new ServiceUnavailableException("S3 bucket " + config.bucket() + " at " + config.endpoint()
                    + " does not exist", null);
        }
    }

    /** Releases the client's connection pool and threads (which the probe client shares). */
    @Override
    public void close() {
        try {
            client.close();
            presigningClient.close();
        } catch (Exception e) {
            LOG.debug("Could not close the S3 client: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "S3BinaryStore[" + config.endpoint() + ", bucket " + config.bucket() + "]";
    }

    static String objectName(BinaryKey key) {
        return KEY_PREFIX + key.value();
    }

    /**
     * Aborts every incomplete multipart upload of {@code object}. The client aborts its own upload
     * when reading or sending a part fails with an I/O error, but not after a runtime exception,
     * and not when the abort request itself fails; keys are never reused, so whatever remains
     * under this name is debris of the failed upload.
     */
    void abortIncompleteUploads(String object) throws Exception {
        String keyMarker = null;
        String uploadIdMarker = null;
        ListMultipartUploadsResult page;
        do {
            page = client.listMultipartUploadsAsync(config.bucket(), config.region(), null, null,
                    keyMarker, null, object, uploadIdMarker, null, null).get().result();
            for (Upload upload : page.uploads()) {
                if (object.equals(upload.objectName())) {
                    client.abortMultipartUploadAsync(config.bucket(), config.region(), object,
                            upload.uploadId(), null, null).get();
                }
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (page.isTruncated());
    }

    /**
     * Best effort after a failed upload: the upload may have completed on the server although the
     * client saw an error (a lost response), or left parts behind. A bucket lifecycle rule that
     * aborts incomplete uploads is the backstop when the store stays unreachable.
     */
    private void removeRemains(String object, Exception failure) {
        try {
            abortIncompleteUploads(object);
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(object).build()).get();
        } catch (Exception e) {
            failure.addSuppressed(e);
            LOG.warn("Could not clean up the failed upload {} in bucket {}: {}", object, config.bucket(),
                    rootCause(e).toString());
        }
    }

    private void requireExists(BinaryKey key) {
        if (!existsNow(key)) {
            throw new NotFoundException(NotFoundException.Subject.BINARY, key.value());
        }
    }

    private void createBucketIfMissing() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build()).get()) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build()).get();
                LOG.info("Created S3 bucket {} at {}", config.bucket(), config.endpoint());
            }
        } catch (Exception e) {
            // Another instance may have created it between our two calls.
            String code = errorCode(e);
            if (code == null || !BUCKET_ALREADY_THERE.contains(code)) {
                throw unavailable("creating bucket " + config.bucket() + " at " + config.endpoint(), e);
            }
        }
    }

    /** The S3 error code somewhere in the cause chain (the client wraps it differently per call path). */
    private static String errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException response) {
                return response.errorResponse().code();
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private ServiceUnavailableException unavailable(String what, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable cause = rootCause(e);
        String code = errorCode(e);
        String reason = code != null ? "S3 error " + code : cause.toString();
        return new ServiceUnavailableException("S3 store " + config.endpoint() + ": " + what + " failed: " + reason, e);
    }
}
