package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code /openapi.json} against the running server: every operation answers a caller without a
 * credential (and one with a wrong credential) as documented, and on each surface the successes
 * and errors a client meets come with a documented status, the documented headers and
 * content type, and a body that validates against the documented schema.
 */
class OpenApiConformanceTest extends RunningServerTest {

    private static final byte[] FIRMWARE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String UNKNOWN_UUID = "b60aa5e9-cbe6-4b51-b76c-08cf8273db07";
    private static final String TOKEN_SIZED = "A".repeat(43);

    /** A value for each path parameter the document names, naming nothing that exists. */
    private static final Map<String, String> UNKNOWN_PATH_VALUES = Map.of(
            "imageId", UNKNOWN_UUID,
            "id", UNKNOWN_UUID,
            "projectId", "1",
            "bundleId", "5e0e4a19ff1bc0646141d221",
            "deviceId", "no-such-device",
            "deviceIdAndToken", "no-such-device" + TOKEN_SIZED);

    private OpenApiDocument document;

    @BeforeAll
    void readTheServedDocument() {
        document = OpenApiDocument.parse(http.withAuthorization(null).get("/openapi.json").bytes());
    }

    @Test
    void theDocumentIsServedWithoutACredentialExactlyAsShipped() {
        Http.Response served = http.withAuthorization(null).get("/openapi.json");
        document.assertDocuments("GET", "/openapi.json", served);
        assertEquals(200, served.status());
        assertArrayEquals(OpenApiDocument.classPathBytes(), served.bytes());
    }

    @Test
    void everyOperationAnswersACallerWithoutACredentialAsDocumented() {
        Http anonymous = http.withAuthorization(null);
        assertAll(document.operations().stream().map(operation -> (Executable) () -> {
            Http.Response response = call(anonymous, operation);
            document.assertDocuments(operation.method(), operation.path(), response);
            if (!document.isPublic(operation)) {
                assertEquals(401, response.status(), operation + " needs a credential but answered " + response.status());
            } else {
                assertNotEquals(401, response.status(), operation + " is documented as callable without a credential");
            }
        }));
    }

    @Test
    void everyOperationThatTakesACredentialRefusesAWrongOneAsDocumented() {
        Http wrong = http.withAuthorization("Bearer not-a-credential-of-this-server");
        assertAll(document.operations().stream().filter(document::acceptsCredential).map(operation -> (Executable) () -> {
            Http.Response response = call(wrong, operation);
            assertEquals(401, response.status(), operation + " accepted a wrong credential");
            document.assertDocuments(operation.method(), operation.path(), response);
        }));
    }

    @Test
    void theImageManagerAnswersAsDocumented() {
        String label = unique("openapi-image");
        String input = "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}";
        String id = expect(201, "POST", "/image", http.postJson("/image", input)).json().get("id").asText();
        String image = "/image/" + id;
        String binary = image + "/binary";
        expect(409, "POST", "/image", http.postJson("/image", input));
        expect(400, "POST", "/image", http.postJson("/image", "{\"label\": 5}"));
        expect(200, "GET", "/image", http.get("/image?label=" + label));
        expect(200, "GET", "/image/{imageId}", http.get(image));
        expect(404, "GET", "/image/{imageId}", http.get("/image/" + UNKNOWN_UUID));
        expect(404, "GET", "/image/{imageId}/binary", http.get(binary));

        expect(400, "POST", "/image/{imageId}/binary", http.postFile(binary, "not-image", "fw.hex", FIRMWARE));
        expect(200, "POST", "/image/{imageId}/binary", http.postFile(binary, "image", "fw.hex", FIRMWARE));
        expect(200, "GET", "/image/binary", http.get("/image/binary"));
        expectDownloads("/image/{imageId}/binary", binary, http);

        expect(200, "DELETE", "/image/{imageId}/binary", http.delete(binary));
        expect(404, "DELETE", "/image/{imageId}/binary", http.delete(binary));
        expect(200, "DELETE", "/image/{imageId}", http.delete(image));
        expect(404, "DELETE", "/image/{imageId}", http.delete(image));
    }

    @Test
    void theFirmwareApiAnswersAsDocumented() {
        String type = unique("OPENAPI");
        String entries = "/api/v1/firmware";
        String created = expect(201, "POST", entries, http.postJson(entries, entry(type, "1"))).json()
                .path("data").path("id").asText();
        String entry = entries + "/" + created;
        expect(400, "POST", entries, http.postJson(entries, entry(type, "1")));
        expect(400, "POST", entries, http.postJson(entries, "{\"type\": \"" + type + "\"}"));
        expect(200, "GET", "/api/v1/firmware/{id}", http.get(entry));
        expect(404, "GET", "/api/v1/firmware/{id}", http.get(entries + "/" + UNKNOWN_UUID));
        expect(200, "PUT", "/api/v1/firmware/{id}", http.method("PUT", entry, entry(type, "2")));
        expect(400, "PUT", "/api/v1/firmware/{id}", http.method("PUT", entries + "/" + UNKNOWN_UUID, entry(type, "3")));
        expect(200, "GET", "/api/v1/firmware/check", http.get(entries + "/check?type=" + type + "&version=1"));
        expect(200, "GET", "/api/v1/firmware/check", http.get(entries + "/check?type=" + type + "&version=2"));
        expect(400, "GET", "/api/v1/firmware/check", http.get(entries + "/check?type=" + type));
        expect(404, "GET", "/api/v1/firmware/check", http.get(entries + "/check?type=" + unique("NONE") + "&version=1"));
        assertEquals("GET, PUT, DELETE",
                expect(405, "PATCH", "/api/v1/firmware/{id}", http.method("PATCH", entry, "{}")).header("Allow"));
        assertEquals("POST", expect(405, "PATCH", entries, http.method("PATCH", entries, "{}")).header("Allow"));
        expect(204, "DELETE", "/api/v1/firmware/{id}", http.delete(entry));
        expect(404, "DELETE", "/api/v1/firmware/{id}", http.delete(entry));
    }

    @Test
    void theBundlesSurfaceAnswersAsDocumented() {
        String deviceClass = unique("openapi-class");
        String imageId = imageWithBinary();
        String input = "{\"name\": \"openapi bundle\", \"deviceClass\": \"" + deviceClass + "\", \"projectId\": 1, "
                + "\"components\": [{\"versionId\": \"" + imageId + "\"}]}";
        String bundleId = expect(201, "POST", "/bundles", http.postJson("/bundles", input)).json().get("id").asText();
        String bundle = "/bundles/" + bundleId;
        String query = "/bundles?projectId=1&deviceClass=" + deviceClass;
        expect(400, "POST", "/bundles", http.postJson("/bundles", "{\"name\": \"no class\"}"));
        expect(404, "POST", "/bundles", http.postJson("/bundles", input.replace("\"projectId\": 1", "\"projectId\": 99")));
        expect(200, "GET", "/bundles", http.get(query));
        expect(400, "GET", "/bundles", http.get("/bundles?deviceClass=" + deviceClass));
        expect(404, "GET", "/bundles", http.get("/bundles?projectId=99&deviceClass=" + deviceClass));
        expect(401, "GET", "/bundles", http.withAuthorization(null).get(query));
        expect(200, "GET", "/bundles/{bundleId}", http.get(bundle));
        expect(200, "PUT", "/bundles/{bundleId}", http.method("PUT", bundle, input));
        expect(404, "GET", "/bundles/{bundleId}", http.get("/bundles/no-such-bundle"));

        JsonNode device = registerDevice(deviceClass);
        String deviceId = device.get("id").asText();
        Http asDevice = http.withAuthorization("Bearer " + device.get("apiKey").asText());
        Http asModeCloudDevice = http.withAuthorization("ModeCloud " + device.get("apiKey").asText());
        expect(200, "GET", "/bundles", asDevice.get("/bundles"));
        expect(200, "GET", "/bundles", asModeCloudDevice.get("/bundles"));
        expect(403, "POST", "/bundles", asDevice.postJson("/bundles", input));
        expect(403, "GET", "/bundles/{bundleId}", asDevice.get(bundle));
        expectDownloads("/bundles/files/{projectId}/{imageId}", "/bundles/files/1/" + imageId, asDevice);
        expect(404, "GET", "/bundles/files/{projectId}/{imageId}", asDevice.get("/bundles/files/1/" + UNKNOWN_UUID));

        String firmwareInfo = "/devices/" + deviceId + "/firmwareInfo";
        expect(200, "GET", "/devices/{deviceId}/firmwareInfo", asDevice.get(firmwareInfo));
        expect(200, "PUT", "/devices/{deviceId}/firmwareInfo",
                asDevice.method("PUT", firmwareInfo, "{\"bundleId\": \"" + bundleId + "\"}"));
        expect(400, "PUT", "/devices/{deviceId}/firmwareInfo",
                asDevice.method("PUT", firmwareInfo, "{\"bundleId\": \"-not-a-name\"}"));
        expect(404, "PUT", "/devices/{deviceId}/firmwareInfo",
                asDevice.method("PUT", "/devices/another-device/firmwareInfo", "{\"bundleId\": \"b1\"}"));
        expect(403, "PUT", "/devices/{deviceId}/firmwareInfo",
                http.method("PUT", firmwareInfo, "{\"bundleId\": \"b1\"}"));
        expect(200, "GET", "/devices/{deviceId}/firmwareInfo", http.get(firmwareInfo));

        expect(204, "DELETE", "/bundles/{bundleId}", http.delete(bundle));
        expect(404, "DELETE", "/bundles/{bundleId}", http.delete(bundle));
    }

    @Test
    void theDeviceOtaSurfaceAnswersAsDocumented() {
        JsonNode device = registerDevice("esp32");
        String deviceId = device.get("id").asText();
        String token = device.get("apiKey").asText();
        String ota = "/v1/ota/device";
        Map<String, String> fields = new LinkedHashMap<>(Map.of("device", deviceId, "token", token, "version", "1.0.0"));
        expect(201, "POST", ota, deploy(fields, FIRMWARE));
        expect(200, "POST", ota, deploy(fields, FIRMWARE));
        expect(400, "POST", ota, deploy(Map.of("device", deviceId, "token", token), FIRMWARE));
        expect(404, "POST", ota, deploy(Map.of("device", "no-such-device", "token", token, "version", "1.0.1"), FIRMWARE));
        expect(200, "GET", ota, http.get(ota + "?search_value=" + deviceId + "&draw=7"));
        expect(400, "GET", ota, http.get(ota + "?limit=0"));

        Http anonymous = http.withAuthorization(null);
        expect(200, "GET", "/v1/ota/device/latest/{deviceId}", anonymous.get(ota + "/latest/" + deviceId));
        expect(404, "GET", "/v1/ota/device/latest/{deviceId}", anonymous.get(ota + "/latest/no-such-device"));
        expectDownloads("/v1/ota/device/download/{deviceIdAndToken}", ota + "/download/" + deviceId + token, anonymous);
        expect(404, "GET", "/v1/ota/device/download/{deviceIdAndToken}",
                anonymous.get(ota + "/download/" + deviceId + TOKEN_SIZED));
    }

    @Test
    void theManagementApiAnswersAsDocumented() {
        String project = "/api/management/v1/projects/1";
        expect(200, "GET", "/api/management/v1/projects/{projectId}", http.get(project));
        expect(404, "GET", "/api/management/v1/projects/{projectId}", http.get("/api/management/v1/projects/99"));
        String defaultChannel = http.get(project).json().get("defaultChannel").asText();
        expect(200, "PATCH", "/api/management/v1/projects/{projectId}",
                http.method("PATCH", project, "{\"defaultChannel\": \"" + defaultChannel + "\"}"));
        expect(400, "PATCH", "/api/management/v1/projects/{projectId}",
                http.method("PATCH", project, "{\"publicOta\": \"yes\"}"));

        String devices = project + "/devices";
        String deviceId = unique("openapi-device");
        String registration = "{\"id\": \"" + deviceId + "\", \"deviceClass\": \"sensor\"}";
        String collection = "/api/management/v1/projects/{projectId}/devices";
        String member = collection + "/{deviceId}";
        expect(201, "POST", collection, http.postJson(devices, registration));
        expect(409, "POST", collection, http.postJson(devices, registration));
        expect(400, "POST", collection, http.postJson(devices, "{}"));
        expect(404, "POST", collection, http.postJson("/api/management/v1/projects/99/devices", registration));
        expect(200, "GET", collection, http.get(devices + "?deviceClass=sensor&limit=5"));
        expect(400, "GET", collection, http.get(devices + "?limit=0"));
        String device = devices + "/" + deviceId;
        expect(200, "GET", member, http.get(device));
        expect(200, "PATCH", member, http.method("PATCH", device, "{\"channel\": \"beta\"}"));
        expect(200, "PATCH", member, http.method("PATCH", device, "{\"channel\": null}"));
        expect(400, "PATCH", member, http.method("PATCH", device, "{\"deviceClass\": 5}"));
        expect(200, "POST", member + "/key", http.send(http.request(device + "/key")
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
        expect(204, "DELETE", member, http.delete(device));
        expect(404, "GET", member, http.get(device));
        expect(404, "POST", member + "/key", http.send(http.request(device + "/key")
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    @Test
    void theOperationsEndpointsAnswerAsDocumented() {
        Http anonymous = http.withAuthorization(null);
        expect(200, "GET", "/health", anonymous.get("/health"));
        expect(200, "GET", "/health/live", anonymous.get("/health/live"));
        expect(200, "GET", "/metrics", anonymous.get("/metrics"));
    }

    /** A download path's whole file, range, resumption, conditional and HEAD answers. */
    private void expectDownloads(String template, String path, Http client) {
        Http.Response whole = expect(200, "GET", template, client.get(path));
        assertArrayEquals(FIRMWARE, whole.bytes());
        String etag = whole.header("ETag");
        expect(206, "GET", template, client.send(client.request(path).header("Range", "bytes=4-").GET().build()));
        expect(304, "GET", template, client.send(client.request(path).header("If-None-Match", etag).GET().build()));
        expect(416, "GET", template, client.send(client.request(path).header("Range", "bytes=1000-").GET().build()));
        expect(200, "HEAD", template, client.send(client.request(path)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()));
        expect(304, "HEAD", template, client.send(client.request(path).header("If-None-Match", etag)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()));
    }

    private Http.Response expect(int status, String method, String template, Http.Response response) {
        assertEquals(status, response.status(), method + " " + template + ": "
                + new String(response.bytes(), StandardCharsets.UTF_8));
        document.assertDocuments(method, template, response);
        return response;
    }

    /** The operation called with unknown ids, and {@code {}} where it takes a body. */
    private static Http.Response call(Http client, OpenApiDocument.Operation operation) {
        HttpRequest.Builder request = client.request(OpenApiDocument.fill(operation.path(), UNKNOWN_PATH_VALUES));
        if (operation.node().has("requestBody")) {
            request.header("Content-Type", "application/json")
                    .method(operation.method(), HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build());
    }

    private String imageWithBinary() {
        Http.Response created = http.postJson("/image", "{\"label\": \"" + unique("openapi-component")
                + "\", \"fw_version\": \"1.0.0\"}");
        String id = created.json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "component.bin", FIRMWARE).status());
        return id;
    }

    private JsonNode registerDevice(String deviceClass) {
        Http.Response created = http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"" + deviceClass + "\"}");
        assertEquals(201, created.status());
        return created.json();
    }

    /** Seed 003's upload: the text fields, then the {@code firmware} file part. */
    private Http.Response deploy(Map<String, String> fields, byte[] firmware) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; "
                + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"firmware\"; "
                + "filename=\"firmware.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(firmware);
        body.writeBytes(("\r\n--" + Http.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return http.send(http.request("/v1/ota/device")
                .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static String entry(String type, String version) {
        return "{\"type\": \"" + type + "\", \"version\": \"" + version + "\", \"url\": \"https://example.com/"
                + type + "-" + version + ".bin\"}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
