package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An uploader may state the SHA-256 of what it sends; bytes that arrive different are refused and not kept. */
class UploadDigestTest extends RunningServerTest {

    private static final byte[] FIRMWARE = "firmware whose digest is stated".getBytes(StandardCharsets.US_ASCII);

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private String newImage() {
        return http.postJson("/image/", "{\"label\": \"digest" + UUID.randomUUID().toString().substring(0, 8)
                + "\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();
    }

    private Http.Response upload(String imageId, String header, String value) {
        byte[] head = ("--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"fw.bin\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII);
        HttpRequest.Builder request = http.request("/image/" + imageId + "/binary")
                .header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(new ByteArrayInputStream(head),
                        new SequenceInputStream(new ByteArrayInputStream(FIRMWARE), new ByteArrayInputStream(tail)))));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build());
    }

    @Test
    void aMatchingReprDigestOrChecksumHeaderIsAccepted() throws Exception {
        String base64 = Base64.getEncoder().encodeToString(sha256(FIRMWARE));
        assertEquals(200, upload(newImage(), "Repr-Digest", "sha-256=:" + base64 + ":").status());
        assertEquals(200, upload(newImage(), "Repr-Digest", "sha-512=:AAAA:, sha-256=:" + base64 + ":").status());
        assertEquals(200, upload(newImage(), "X-Checksum-Sha256", HexFormat.of().formatHex(sha256(FIRMWARE))).status());
    }

    @Test
    void aMismatchIsA400AndNothingIsKept() throws Exception {
        long before = TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects"));
        String id = newImage();
        Http.Response refused = upload(id, "X-Checksum-Sha256", "0".repeat(64));
        assertEquals(400, refused.status());
        assertTrue(refused.json().get("message").asText().contains("SHA-256"), refused.json().toString());
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
        assertEquals(before, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));

        byte[] other = sha256("something else".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, upload(id, "Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(other) + ":").status());
        assertEquals(before, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=abc", "sha-256=:not base64!:", "sha-256=:AAAA:"})
    void aMalformedReprDigestIsA400(String value) {
        String id = newImage();
        assertEquals(400, upload(id, "Repr-Digest", value).status());
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "00", "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"})
    void aMalformedChecksumHeaderIsA400(String value) {
        assertEquals(400, upload(newImage(), "X-Checksum-Sha256", value).status());
    }

    @Test
    void theDeviceOtaUploadChecksTheStatedDigestToo() throws Exception {
        var registered = http.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"esp32\"}").json();
        String form = "--B\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\n" + registered.get("id").asText()
                + "\r\n--B\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + registered.get("apiKey").asText()
                + "\r\n--B\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0.0"
                + "\r\n--B\r\nContent-Disposition: form-data; name=\"firmware\"; filename=\"firmware.bin\"\r\n\r\n"
                + new String(FIRMWARE, StandardCharsets.US_ASCII) + "\r\n--B--\r\n";
        long before = TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects"));
        Http.Response refused = http.send(http.request("/v1/ota/device").header("Content-Type", "multipart/form-data; boundary=B")
                .header("X-Checksum-Sha256", "1".repeat(64)).POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(400, refused.status());
        assertEquals(before, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));
        Http.Response deployed = http.send(http.request("/v1/ota/device").header("Content-Type", "multipart/form-data; boundary=B")
                .header("X-Checksum-Sha256", HexFormat.of().formatHex(sha256(FIRMWARE)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(201, deployed.status());
    }
}
