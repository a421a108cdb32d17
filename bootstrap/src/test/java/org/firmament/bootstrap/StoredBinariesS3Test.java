package org.firmament.bootstrap;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.firmament.adapters.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;

/** Stored binaries in an S3 store (S3Proxy over HTTP), with H2. */
class StoredBinariesS3Test extends StoredBinariesApiContract {

    static final String BUCKET = "firmament-binaries";

    private final S3TestServer s3 = S3TestServer.start();
    private final MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
            .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).region(S3TestServer.REGION).build();

    @Override
    Map<String, String> deploymentSettings() {
        return s3Settings(s3, BUCKET);
    }

    static Map<String, String> s3Settings(S3TestServer s3, String bucket) {
        return Map.of("FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", s3.endpoint(),
                "FIRMAMENT_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY,
                "FIRMAMENT_S3_SECRET_KEY", S3TestServer.SECRET_KEY,
                "FIRMAMENT_S3_BUCKET", bucket,
                "FIRMAMENT_S3_REGION", S3TestServer.REGION);
    }

    @AfterAll
    void stopS3() throws Exception {
        s3.close();
    }

    @Override
    List<String> keysHolding(byte[] content) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix("objects/")
                    .recursive(true).build())) {
                String name = result.get().objectName();
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(name).build())) {
                    if (Arrays.equals(in.readAllBytes(), content)) {
                        keys.add(name.substring("objects/".length()));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    @Override
    void flipAByte(String key) {
        try {
            byte[] bytes;
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object("objects/" + key)
                    .build())) {
                bytes = in.readAllBytes();
            }
            bytes[bytes.length / 2] ^= 0x20;
            client.putObject(PutObjectArgs.builder().bucket(BUCKET).object("objects/" + key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
