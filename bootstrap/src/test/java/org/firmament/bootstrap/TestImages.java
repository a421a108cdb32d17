package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.UUID;

/** Test support: Image Manager images with a binary, each of its own label and bytes. */
final class TestImages {

    private TestImages() {
    }

    /** A new image (version 1.0.0 of a label of its own) holding {@code content}; its id. */
    static String withBinary(Http http, byte[] content) {
        Http.Response created = http.postJson("/image/", "{\"label\": \"FW_" + UUID.randomUUID().toString().substring(0, 8)
                + "\", \"fw_version\": \"1.0.0\"}");
        assertEquals(201, created.status());
        String id = created.json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "fw.bin", content).status());
        return id;
    }

    /** {@code size} random bytes, different on every call (the store keeps equal binaries once). */
    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) UUID.randomUUID().hashCode();
        return bytes;
    }
}
