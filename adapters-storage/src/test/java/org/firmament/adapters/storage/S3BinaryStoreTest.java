package org.firmament.adapters.storage;

import static org.firmament.adapters.storage.TestStreams.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.minio.messages.Upload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.firmware.BinaryKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract test run against the S3 store talking HTTP to a real S3 server: S3Proxy, in-process,
 * keeping objects in memory. One server for the class, one bucket per test.
 */
class S3BinaryStoreTest extends BinaryStoreContract {

    private static final String ACCESS_KEY = S3TestServer.ACCESS_KEY;
    private static final String SECRET_KEY = S3TestServer.SECRET_KEY;
    private static final String REGION = S3TestServer.REGION;

    private static S3TestServer s3;
    private static String endpoint;
    /** Looks behind the store's back, the way an operator would with a bucket browser. */
    private static MinioClient inspector;
    private static MinioAsyncClient multipartInspector;

    private String bucket;
    private S3BinaryStore store;
    private final List<S3BinaryStore> unreachableStores = new ArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
        endpoint = s3.endpoint();
        inspector = MinioClient.builder().endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).region(REGION).build();
        multipartInspector = MinioAsyncClient.builder()
                .endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).region(REGION).build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        inspector.close();
        multipartInspector.close();
        s3.close();
    }

    @BeforeEach
    void createStore() {
        bucket = "test-" + UUID.randomUUID();
        store = S3BinaryStore.create(config(endpoint, bucket));
    }

    @AfterEach
    void dropBucket() throws Exception {
        store.close();
        unreachableStores.forEach(S3BinaryStore::close);
        if (inspector.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            for (Upload upload : incompleteUploads()) {
                multipartInspector.abortMultipartUploadAsync(bucket, REGION, upload.objectName(), upload.uploadId(),
                        null, null).get();
            }
            for (String object : objects()) {
                inspector.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(object).build());
            }
            inspector.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        }
    }

    @Override
    protected BinaryStore store() {
        return store;
    }

    /** Nothing listens on the port, as when the S3 service is down. */
    @Override
    protected BinaryStore unreachableStore() {
        S3BinaryStore unreachable = new S3BinaryStore(config("http://127.0.0.1:" + S3TestServer.freePort(), bucket));
        unreachableStores.add(unreachable);
        return unreachable;
    }

    @Override
    protected List<String> leftovers() throws Exception {
        List<String> all = new ArrayList<>(objects());
        for (Upload upload : incompleteUploads()) {
            all.add("incomplete upload of " + upload.objectName());
        }
        return all;
    }

    @Override
    protected void leaveAnUnfinishedUpload() throws Exception {
        multipartInspector.createMultipartUploadAsync(bucket, REGION, S3BinaryStore.KEY_PREFIX + UUID.randomUUID(),
                null, null).get();
    }

    @Override
    protected Set<String> visibleKeys() throws Exception {
        return objects().stream()
                .filter(name -> name.startsWith(S3BinaryStore.KEY_PREFIX))
                .map(name -> name.substring(S3BinaryStore.KEY_PREFIX.length()))
                .collect(Collectors.toSet());
    }

    @Test
    void givenAPublicEndpoint_whenAUrlIsPresigned_thenItPointsThereAndNotAtTheInternalEndpoint() {
        String publicEndpoint = "https://downloads.example.com:9443";
        try (S3BinaryStore behindAProxy = new S3BinaryStore(new S3StoreConfig(endpoint, ACCESS_KEY, SECRET_KEY, bucket,
                REGION, publicEndpoint))) {
            java.net.URI url = behindAProxy.presignedGet(BinaryKey.of("some-key"), "attachment",
                    java.time.Duration.ofMinutes(5)).orElseThrow();

            assertEquals("https", url.getScheme());
            assertEquals("downloads.example.com", url.getHost());
            assertEquals(9443, url.getPort());
            assertTrue(url.getRawQuery().contains("X-Amz-Signature="), url.toString());
            assertTrue(url.getRawQuery().contains("X-Amz-Expires=300"), url.toString());
        }
    }

    @Test
    void givenNoBucket_whenTheStoreIsCreated_thenItCreatesTheBucket() throws Exception {
        String fresh = "test-" + UUID.randomUUID();
        try (S3BinaryStore created = S3BinaryStore.create(config(endpoint, fresh))) {
            assertTrue(inspector.bucketExists(BucketExistsArgs.builder().bucket(fresh).build()));
            created.checkReachable();
        } finally {
            inspector.removeBucket(RemoveBucketArgs.builder().bucket(fresh).build());
        }
    }

    @Test
    void givenTheBucketExists_whenASecondStoreIsCreated_thenItSharesTheBucket() {
        String key;
        try (S3BinaryStore second = S3BinaryStore.create(config(endpoint, bucket))) {
            key = second.store(bytes("shared"), 6).key().value();
        }

        assertTrue(store.exists(org.firmament.domain.firmware.BinaryKey.of(key)));
    }

    @Test
    void givenAnUnreachableEndpoint_whenTheStoreIsCreated_thenServiceUnavailable() {
        S3StoreConfig unreachable = config("http://127.0.0.1:" + S3TestServer.freePort(), bucket);

        assertThrows(ServiceUnavailableException.class, () -> S3BinaryStore.create(unreachable));
    }

    @Test
    void givenTheBucketWasRemoved_whenCheckedForReachability_thenServiceUnavailable() throws Exception {
        inspector.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());

        assertThrows(ServiceUnavailableException.class, () -> store.checkReachable());
    }

    @Test
    void givenAMultipartUploadLeftDangling_whenItsObjectIsCleanedUp_thenNoIncompleteUploadRemains() throws Exception {
        String object = S3BinaryStore.KEY_PREFIX + "dangling";
        multipartInspector.createMultipartUploadAsync(bucket, REGION, object, null, null).get();
        assertEquals(1, incompleteUploads().size());

        store.abortIncompleteUploads(object);

        assertEquals(List.of(), incompleteUploads());
        assertFalse(visibleKeys().contains("dangling"));
    }

    private static S3StoreConfig config(String endpoint, String bucket) {
        return new S3StoreConfig(endpoint, ACCESS_KEY, SECRET_KEY, bucket, REGION);
    }

    private List<String> objects() throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : inspector.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    private List<Upload> incompleteUploads() throws Exception {
        return multipartInspector.listMultipartUploadsAsync(bucket, REGION, null, null, null, null, null, null,
                null, null).get().result().uploads();
    }

}
