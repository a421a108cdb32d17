package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One model behind four surfaces: an image uploaded through one surface is the same image, with
 * the same id, version, checksum and a working download, on every surface that shows images.
 */
class CrossSurfaceTest extends RunningServerTest {

    private static final byte[] FIRMWARE = "cross-surface firmware image".getBytes(StandardCharsets.US_ASCII);

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The image as a firmware entry, a bundle component and an Image Manager image, all checked against each other. */
    private void assertSameImageEverywhere(String imageId, String type, String version, byte[] content) throws Exception {
        JsonNode image = http.get("/image/" + imageId).json();
        assertEquals(type, image.get("label").asText());
        assertEquals(version, image.get("fw_version").asText());
        assertEquals(true, image.get("confirmed").asBoolean());
        assertArrayEquals(content, http.get("/image/" + imageId + "/binary").bytes());

        JsonNode entry = http.get("/api/v1/firmware/" + imageId).json().get("data");
        assertEquals(imageId, entry.get("id").asText());
        assertEquals(type, entry.get("type").asText());
        assertEquals(version, entry.get("version").asText());
        assertArrayEquals(content, http.get(entry.get("url").asText()).bytes());

        String deviceClass = unique("class");
        Http.Response bundle = http.postJson("/bundles", "{\"name\": \"b\", \"deviceClass\": \"" + deviceClass
                + "\", \"projectId\": 1, \"components\": [{\"versionId\": \"" + imageId + "\"}]}");
        assertEquals(201, bundle.status());
        JsonNode component = bundle.json().get("components").get(0);
        assertEquals(imageId, component.get("versionId").asText());
        assertEquals(type, component.get("componentName").asText());
        assertEquals(version, component.get("versionName").asText());
        assertEquals(sha1(content), component.get("checksum").asText());

        Http.Response registered = http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"" + deviceClass + "\"}");
        Http device = http.withAuthorization("Bearer " + registered.json().get("apiKey").asText());
        JsonNode offered = device.get("/bundles").json().get(0).get("components").get(0);
        assertArrayEquals(content, device.get(offered.get("url").asText()).bytes());
    }

    @Test
    void anImageUploadedThroughTheImageManagerIsTheSameImageOnEverySurface() throws Exception {
        String type = unique("fw");
        String id = http.postJson("/image/", "{\"label\": \"" + type + "\", \"fw_version\": \"3.1.4\"}")
                .json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "fw.hex", FIRMWARE).status());

        assertSameImageEverywhere(id, type, "3.1.4", FIRMWARE);
    }

    @Test
    void firmwareDeployedToADeviceThroughTheDeviceOtaApiIsTheSameImageOnEverySurface() throws Exception {
        Http.Response registered = http.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"esp32\"}");
        String deviceId = registered.json().get("id").asText();
        String token = registered.json().get("apiKey").asText();
        String boundary = "X" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\n" + deviceId
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + token
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.2.7"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"firmware\"; filename=\"firmware.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.US_ASCII), FIRMWARE,
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Http.Response deployed = http.send(http.request("/v1/ota/device")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(201, deployed.status(), new String(deployed.bytes(), StandardCharsets.UTF_8));

        String type = "ota/" + deviceId;
        JsonNode images = http.get("/image?label=" + java.net.URLEncoder.encode(type, StandardCharsets.UTF_8)).json();
        assertEquals(1, images.size());
        String imageId = images.get(0).get("id").asText();
        assertSameImageEverywhere(imageId, type, "1.2.7", FIRMWARE);

        assertArrayEquals(FIRMWARE, http.withAuthorization(null)
                .get("/v1/ota/device/download/" + deviceId + token).bytes());
        http.withAuthorization(null).get("/v1/ota/device/latest/" + deviceId).expectJson("{\"ver\": \"1.2.7\"}");
    }

    @Test
    void anEntryPublishedThroughTheFirmwareApiIsAnImageAndAComponentWithItsUrl() {
        String type = unique("ext");
        String id = http.postJson("/api/v1/firmware", "{\"type\": \"" + type + "\", \"version\": \"42\", "
                + "\"url\": \"https://cdn.example.com/" + type + ".bin\"}").json().get("data").get("id").asText();
        JsonNode image = http.get("/image/" + id).json();
        assertEquals(type, image.get("label").asText());
        assertEquals(false, image.get("confirmed").asBoolean(), "Firmament never saw these bytes");
        JsonNode component = http.postJson("/bundles", "{\"name\": \"b\", \"deviceClass\": \"c\", \"projectId\": 1, "
                + "\"components\": [{\"versionId\": \"" + id + "\"}]}").json().get("components").get(0);
        assertEquals("https://cdn.example.com/" + type + ".bin", component.get("url").asText());
        assertEquals("42", component.get("versionName").asText());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
