package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final String PROJECTS = "/api/management/v1/projects";
    private static final String PROJECT_HEADER = "X-Firmament-Project";

    /**
     * A value for each path parameter the document names, naming nothing that exists; a project
     * is named by {@link #publicProject} instead, so that the operations open to anonymous callers
     * of a public-OTA project answer them as such.
     */
    private static final Map<String, String> UNKNOWN_PATH_VALUES = Map.of(
            "imageId", UNKNOWN_UUID,
            "id", UNKNOWN_UUID,
            "bundleId", "5e0e4a19ff1bc0646141d221",
            "deviceId", "no-such-device",
            "deviceIdAndToken", "no-such-device" + TOKEN_SIZED,
            "name", "no-such-type",
            "keyId", "no-such-key");

    private OpenApiDocument document;
    private String publicProject;

    @BeforeAll
    void readTheServedDocument() {
        document = OpenApiDocument.parse(http.withAuthorization(null).get("/openapi.json").bytes());
        Http.Response created = http.postJson(PROJECTS, "{\"name\": \"OpenAPI public\", \"publicOta\": true}");
        assertEquals(201, created.status());
        publicProject = created.json().get("id").asText();
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
        Http anonymous = http.withAuthorization(null);
        expect(401, "GET", "/bundles/files/{projectId}/{imageId}", anonymous.get("/bundles/files/1/" + imageId));
        expect(401, "HEAD", "/bundles/files/{projectId}/{imageId}", anonymous.send(anonymous
                .request("/bundles/files/1/" + imageId).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()));
        expect(404, "GET", "/bundles/files/{projectId}/{imageId}",
                anonymous.get("/bundles/files/" + publicProject + "/" + imageId));
        expect(404, "GET", "/bundles/files/{projectId}/{imageId}", asDevice.get("/bundles/files/1/" + UNKNOWN_UUID));

        String link = asDevice.get("/bundles").json().get(0).get("components").get(0).get("url").asText();
        String signed = "/downloads/{projectId}/{imageId}";
        expectDownloads(signed, link, anonymous);
        expect(403, "GET", signed, anonymous.get(link.replace("signature=", "signature=x")));
        expect(403, "HEAD", signed, anonymous.send(anonymous.request(link.replace("expires=", "expires=1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()));
        expect(401, "GET", signed, http.withAuthorization("Bearer not-a-credential-of-this-server").get(link));

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
    void projectsFirmwareTypesApiKeysAndTheAuditLogAnswerAsDocumented() {
        String collection = PROJECTS;
        String member = collection + "/{projectId}";
        expect(200, "GET", collection, http.get(PROJECTS + "?offset=0&limit=2"));
        expect(400, "GET", collection, http.get(PROJECTS + "?limit=501"));
        expect(400, "GET", collection, http.get(PROJECTS + "?offset=first"));
        Http.Response created = expect(201, "POST", collection, http.postJson(PROJECTS,
                "{\"name\": \"OpenAPI project\", \"publicOta\": false, \"defaultChannel\": \"beta\"}"));
        String projectId = created.json().get("id").asText();
        String project = PROJECTS + "/" + projectId;
        assertEquals(project, created.header("Location"));
        expect(400, "POST", collection, http.postJson(PROJECTS, "{\"name\": \" \"}"));
        expect(400, "POST", collection, http.postJson(PROJECTS, "[\"not an object\"]"));
        expect(413, "POST", collection, http.postJson(PROJECTS, "{\"name\": \"" + "x".repeat(70_000) + "\"}"));

        String keysTemplate = member + "/keys";
        String keyTemplate = keysTemplate + "/{keyId}";
        String keys = project + "/keys";
        JsonNode writeKey = expect(201, "POST", keysTemplate,
                http.postJson(keys, "{\"name\": \"ci\", \"role\": \"write\"}")).json();
        JsonNode readKey = expect(201, "POST", keysTemplate,
                http.postJson(keys, "{\"name\": \"dashboard\", \"role\": \"read\"}")).json();
        expect(400, "POST", keysTemplate, http.postJson(keys, "{\"name\": \"x\", \"role\": \"admin\"}"));
        expect(400, "POST", keysTemplate, http.postJson(keys, "{\"role\": \"read\"}"));
        expect(404, "POST", keysTemplate, http.postJson(PROJECTS + "/99999/keys", "{\"name\": \"x\", \"role\": \"read\"}"));
        JsonNode listed = expect(200, "GET", keysTemplate, http.get(keys)).json().get("keys");
        assertEquals(2, listed.size());
        listed.forEach(key -> assertFalse(key.has("key"), "a listed key shows its secret: " + key));
        Http writer = http.withAuthorization("Bearer " + writeKey.get("key").asText());
        Http reader = http.withAuthorization("Bearer " + readKey.get("key").asText());

        // A project key sees its own project only, and only the admin token creates or deletes projects.
        assertEquals(1, expect(200, "GET", collection, reader.get(PROJECTS)).json().get("total").asInt());
        expect(403, "POST", collection, writer.postJson(PROJECTS, "{\"name\": \"not mine to create\"}"));
        expect(403, "DELETE", member, writer.delete(project));
        expect(200, "GET", member, reader.get(project));
        expect(404, "GET", member, reader.get(PROJECTS + "/1"));
        expect(403, "PATCH", member, reader.method("PATCH", project, "{\"name\": \"renamed\"}"));
        expect(403, "POST", keysTemplate, reader.postJson(keys, "{\"name\": \"more\", \"role\": \"write\"}"));
        expect(200, "GET", keysTemplate, reader.get(keys));
        expect(404, "GET", keysTemplate, reader.get(PROJECTS + "/1/keys"));

        String typesTemplate = member + "/firmware-types";
        String typeTemplate = typesTemplate + "/{name}";
        String types = project + "/firmware-types";
        String type = "{\"name\": \"Main board\", \"versionScheme\": \"semantic\"}";
        Http.Response createdType = expect(201, "POST", typesTemplate, writer.postJson(types, type));
        assertEquals(types + "/Main%20board", createdType.header("Location"));
        expect(409, "POST", typesTemplate, writer.postJson(types, type));
        expect(400, "POST", typesTemplate, writer.postJson(types, "{\"name\": \"x\", \"versionScheme\": \"calver\"}"));
        expect(403, "POST", typesTemplate, reader.postJson(types, "{\"name\": \"y\", \"versionScheme\": \"opaque\"}"));
        expect(404, "POST", typesTemplate, writer.postJson(PROJECTS + "/1/firmware-types", type));
        expect(200, "GET", typesTemplate, reader.get(types));
        expect(200, "GET", typeTemplate, reader.get(createdType.header("Location")));
        expect(404, "GET", typeTemplate, reader.get(types + "/no-such-type"));
        expect(403, "DELETE", typeTemplate, reader.delete(createdType.header("Location")));
        expect(204, "DELETE", typeTemplate, writer.delete(createdType.header("Location")));
        expect(404, "DELETE", typeTemplate, writer.delete(createdType.header("Location")));

        // An image of the project (the admin names it with X-Firmament-Project) keeps its type and the project.
        String label = unique("openapi-label");
        String image = "/image/" + expect(201, "POST", "/image", withProject(http, "POST", "/image", projectId,
                "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}")).json().get("id").asText();
        expect(409, "DELETE", typeTemplate, writer.delete(types + "/" + label));
        expect(409, "DELETE", member, http.delete(project));
        expect(409, "DELETE", member, http.delete(PROJECTS + "/1"));
        expect(200, "DELETE", "/image/{imageId}", writer.delete(image));

        String auditTemplate = member + "/audit";
        JsonNode audit = expect(200, "GET", auditTemplate, reader.get(project + "/audit?limit=5")).json();
        assertNotEquals(0, audit.get("entries").size());
        expect(400, "GET", auditTemplate, reader.get(project + "/audit?offset=-1"));
        expect(404, "GET", auditTemplate, reader.get(PROJECTS + "/1/audit"));

        String readKeyPath = keys + "/" + readKey.get("id").asText();
        expect(403, "DELETE", keyTemplate, reader.delete(readKeyPath));
        expect(204, "DELETE", keyTemplate, writer.delete(readKeyPath));
        expect(401, "GET", member, reader.get(project));
        expect(404, "DELETE", keyTemplate, writer.delete(readKeyPath));
        expect(404, "DELETE", keyTemplate, writer.delete(keys + "/-not-a-key-id"));

        Http asDevice = http.withAuthorization("Bearer " + registerDevice("openapi-gate").get("apiKey").asText());
        expect(403, "GET", collection, asDevice.get(PROJECTS));
        expect(403, "POST", collection, asDevice.postJson(PROJECTS, "{\"name\": \"device project\"}"));
        expect(403, "GET", auditTemplate, asDevice.get(PROJECTS + "/1/audit"));
        expect(403, "GET", typesTemplate, asDevice.get(PROJECTS + "/1/firmware-types"));
        expect(403, "GET", keysTemplate, asDevice.get(PROJECTS + "/1/keys"));
        expect(403, "GET", "/api/management/v1/projects/{projectId}/devices", asDevice.get(PROJECTS + "/1/devices"));

        expect(204, "DELETE", member, http.delete(project));
        expect(404, "DELETE", member, http.delete(project));
        expect(404, "GET", auditTemplate, http.get(project + "/audit"));
    }

    @Test
    void theSeedSurfacesAnswerTheAccessRulesAsDocumented() {
        JsonNode readKey = http.postJson(PROJECTS + "/1/keys", "{\"name\": \"openapi reader\", \"role\": \"read\"}").json();
        Http reader = http.withAuthorization("Bearer " + readKey.get("key").asText());
        Http asDevice = http.withAuthorization("Bearer " + registerDevice("openapi-reader").get("apiKey").asText());
        String image = "/image/" + expect(201, "POST", "/image", http.postJson("/image", "{\"label\": \""
                + unique("openapi-access") + "\", \"fw_version\": \"1.0.0\"}")).json().get("id").asText();
        String entry = "/api/v1/firmware/" + image.substring("/image/".length());
        String entryJson = entry("OPENAPI-ACCESS", "1");
        String bundle = "/bundles/5e0e4a19ff1bc0646141d221";
        String firmwareInfo = "/devices/no-such-device/firmwareInfo";

        // X-Firmament-Project: malformed (400) or naming a project the credential may not see (404)
        for (String malformed : List.of("abc", "0")) {
            expect(400, "GET", "/image", withProject(http, "GET", "/image", malformed, null));
            expect(400, "POST", "/image", withProject(http, "POST", "/image", malformed, "{}"));
            expect(400, "GET", "/image/binary", withProject(http, "GET", "/image/binary", malformed, null));
            expect(400, "GET", "/image/{imageId}", withProject(http, "GET", image, malformed, null));
            expect(400, "GET", "/api/v1/firmware/{id}", withProject(http, "GET", entry, malformed, null));
            expect(400, "POST", "/api/v1/firmware", withProject(http, "POST", "/api/v1/firmware", malformed, entryJson));
            expect(400, "GET", "/api/v1/firmware/check",
                    withProject(http, "GET", "/api/v1/firmware/check?type=OKM&version=1", malformed, null));
            expect(400, "GET", "/v1/ota/device", withProject(http, "GET", "/v1/ota/device", malformed, null));
            expect(400, "GET", "/bundles/{bundleId}", withProject(http, "GET", bundle, malformed, null));
            expect(400, "DELETE", "/bundles/{bundleId}", withProject(http, "DELETE", bundle, malformed, null));
            expect(400, "GET", "/devices/{deviceId}/firmwareInfo", withProject(http, "GET", firmwareInfo, malformed, null));
        }
        String elsewhere = publicProject;
        expect(404, "GET", "/image", withProject(reader, "GET", "/image", elsewhere, null));
        expect(404, "POST", "/image", withProject(reader, "POST", "/image", elsewhere, "{}"));
        expect(404, "GET", "/image/{imageId}", withProject(reader, "GET", image, elsewhere, null));
        expect(404, "GET", "/api/v1/firmware/{id}", withProject(reader, "GET", entry, elsewhere, null));
        expect(404, "POST", "/api/v1/firmware", withProject(reader, "POST", "/api/v1/firmware", elsewhere, entryJson));
        expect(404, "PUT", "/api/v1/firmware/{id}", withProject(reader, "PUT", entry, elsewhere, entryJson));
        expect(404, "GET", "/v1/ota/device", withProject(reader, "GET", "/v1/ota/device", elsewhere, null));
        expect(404, "GET", "/bundles/{bundleId}", withProject(reader, "GET", bundle, elsewhere, null));
        expect(404, "GET", "/devices/{deviceId}/firmwareInfo", withProject(reader, "GET", firmwareInfo, elsewhere, null));
        expect(200, "GET", "/image", withProject(reader, "GET", "/image", "1", null));

        // A read key may read but not change (403)
        expect(200, "GET", "/image/{imageId}", reader.get(image));
        expect(403, "POST", "/image", reader.postJson("/image", "{\"label\": \"x\", \"fw_version\": \"1.0.0\"}"));
        expect(403, "DELETE", "/image/{imageId}", reader.delete(image));
        expect(403, "POST", "/image/{imageId}/binary", reader.postFile(image + "/binary", "image", "fw.hex", FIRMWARE));
        expect(403, "DELETE", "/image/{imageId}/binary", reader.delete(image + "/binary"));
        expect(403, "POST", "/api/v1/firmware", reader.postJson("/api/v1/firmware", entryJson));
        expect(403, "PUT", "/api/v1/firmware/{id}", reader.method("PUT", entry, entryJson));
        expect(403, "DELETE", "/api/v1/firmware/{id}", reader.delete(entry));
        expect(403, "POST", "/v1/ota/device", deploy(reader, Map.of("device", "d", "token", TOKEN_SIZED,
                "version", "1.0.0"), FIRMWARE));
        expect(403, "POST", "/bundles", reader.postJson("/bundles", "{\"name\": \"b\", \"deviceClass\": \"c\", "
                + "\"projectId\": 1, \"components\": []}"));
        expect(403, "DELETE", "/bundles/{bundleId}", reader.delete(bundle));

        // A device key on an operator's operation (403)
        expect(403, "GET", "/image", asDevice.get("/image"));
        expect(403, "GET", "/image/binary", asDevice.get("/image/binary"));
        expect(403, "GET", "/image/{imageId}", asDevice.get(image));
        expect(403, "DELETE", "/image/{imageId}", asDevice.delete(image));
        expect(403, "GET", "/api/v1/firmware/{id}", asDevice.get(entry));
        expect(403, "DELETE", "/api/v1/firmware/{id}", asDevice.delete(entry));
        expect(403, "GET", "/v1/ota/device", asDevice.get("/v1/ota/device"));
        expect(403, "DELETE", "/bundles/{bundleId}", asDevice.delete(bundle));
        expect(404, "GET", "/image/{imageId}/binary", asDevice.get(image + "/binary"));

        expect(200, "DELETE", "/image/{imageId}", http.delete(image));
        assertEquals(204, http.delete(PROJECTS + "/1/keys/" + readKey.get("id").asText()).status());
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

    /** A request naming the project to act on with {@code X-Firmament-Project}; a JSON body when {@code json} is set. */
    private static Http.Response withProject(Http client, String method, String path, String project, String json) {
        HttpRequest.Builder request = client.request(path).header(PROJECT_HEADER, project);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return client.send(request.build());
    }

    /** The operation called with unknown ids (the public project), and {@code {}} where it takes a body. */
    private Http.Response call(Http client, OpenApiDocument.Operation operation) {
        Map<String, String> values = new HashMap<>(UNKNOWN_PATH_VALUES);
        values.put("projectId", publicProject);
        HttpRequest.Builder request = client.request(OpenApiDocument.fill(operation.path(), values));
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
        return deploy(http, fields, firmware);
    }

    private static Http.Response deploy(Http client, Map<String, String> fields, byte[] firmware) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; "
                + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"firmware\"; "
                + "filename=\"firmware.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(firmware);
        body.writeBytes(("\r\n--" + Http.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return client.send(client.request("/v1/ota/device")
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
