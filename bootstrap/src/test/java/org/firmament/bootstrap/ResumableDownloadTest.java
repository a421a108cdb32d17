package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every download endpoint answers conditional and partial requests the same way, so a device on
 * a slow link can resume: ETag, If-None-Match, single Range with If-Range, 206, 416 and HEAD.
 */
class ResumableDownloadTest extends RunningServerTest {

    private static final byte[] FIRMWARE = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private String imageManagerPath;
    private String bundleFilePath;
    private String signedLink;
    private String deviceOtaPath;
    private Http device;

    @BeforeAll
    void publishTheSameBytesOnEverySurface() {
        String label = "resumable" + UUID.randomUUID().toString().substring(0, 8);
        String imageId = http.postJson("/image/", "{\"label\": \"" + label + "\", \"fw_version\": \"1.0.0\"}")
                .json().get("id").asText();
        http.postFile("/image/" + imageId + "/binary", "image", "fw.bin", FIRMWARE);
        imageManagerPath = "/image/" + imageId + "/binary";

        String deviceClass = "c" + UUID.randomUUID().toString().substring(0, 8);
        http.postJson("/bundles", "{\"name\": \"b\", \"deviceClass\": \"" + deviceClass + "\", \"projectId\": 1, "
                + "\"components\": [{\"versionId\": \"" + imageId + "\"}]}");
        var registered = http.postJson("/api/management/v1/projects/1/devices", "{\"deviceClass\": \"" + deviceClass + "\"}").json();
        device = http.withAuthorization("Bearer " + registered.get("apiKey").asText());
        signedLink = device.get("/bundles").json().get(0).get("components").get(0).get("url").asText();
        bundleFilePath = "/bundles/files/1/" + imageId;

        String boundary = "B" + UUID.randomUUID();
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\n" + registered.get("id").asText()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + registered.get("apiKey").asText()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n2.0.0"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"firmware\"; filename=\"firmware.bin\"\r\n\r\n"
                + new String(FIRMWARE, StandardCharsets.US_ASCII) + "\r\n--" + boundary + "--\r\n";
        assertEquals(201, http.send(http.request("/v1/ota/device").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()).status());
        deviceOtaPath = "/v1/ota/device/download/" + registered.get("id").asText() + registered.get("apiKey").asText();
    }

    List<String> endpoints() {
        return List.of("imageManager", "bundleFile", "deviceOta", "signedLink");
    }

    private String path(String endpoint) {
        return switch (endpoint) {
            case "imageManager" -> imageManagerPath;
            case "bundleFile" -> bundleFilePath;
            case "signedLink" -> signedLink;
            default -> deviceOtaPath;
        };
    }

    private Http client(String endpoint) {
        return switch (endpoint) {
            case "bundleFile" -> device;
            // The link is the credential.
            case "signedLink" -> http.withAuthorization(null);
            default -> http;
        };
    }

    private Http.Response get(String endpoint, String... headers) {
        HttpRequest.Builder request = client(endpoint).request(path(endpoint)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client(endpoint).send(request.build());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aFullDownloadCarriesTheSha256AsStrongEtagAndAdvertisesRanges(String endpoint) {
        Http.Response full = get(endpoint);
        assertEquals(200, full.status());
        assertArrayEquals(FIRMWARE, full.bytes());
        assertEquals("bytes", full.header("Accept-Ranges"));
        assertTrue(full.header("ETag").matches("\"[0-9a-f]{64}\""), full.header("ETag"));
        assertEquals(String.valueOf(FIRMWARE.length), full.header("Content-Length"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "imageManager, bytes=0-9, 0, 9", "imageManager, bytes=30-, 30, 35", "imageManager, bytes=-4, 32, 35",
        "imageManager, bytes=10-1000, 10, 35",
        "bundleFile, bytes=5-5, 5, 5", "deviceOta, bytes=20-29, 20, 29", "signedLink, bytes=7-12, 7, 12",
    })
    void aRangeAnswers206WithExactlyThoseBytes(String endpoint, String range, int first, int last) {
        Http.Response partial = get(endpoint, "Range", range);
        assertEquals(206, partial.status());
        assertArrayEquals(Arrays.copyOfRange(FIRMWARE, first, last + 1), partial.bytes());
        assertEquals("bytes " + first + "-" + last + "/" + FIRMWARE.length, partial.header("Content-Range"));
        assertEquals(String.valueOf(last - first + 1), partial.header("Content-Length"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aRangePastTheEndAnswers416InTheSurfacesFormatWithTheSize(String endpoint) {
        Http.Response unsatisfiable = get(endpoint, "Range", "bytes=36-");
        assertEquals(416, unsatisfiable.status());
        assertEquals("bytes */" + FIRMWARE.length, unsatisfiable.header("Content-Range"));
        assertTrue(unsatisfiable.header("Content-Type").contains("json"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'bytes=0-1,4-5'", "items=0-1", "bytes=9-2", "bytes=abc"})
    void aRangeThisServerDoesNotServePartiallyGetsTheWholeFile(String range) {
        Http.Response whole = get("imageManager", "Range", range);
        assertEquals(200, whole.status());
        assertArrayEquals(FIRMWARE, whole.bytes());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void ifRangeResumesOnlyWhileTheFileIsUnchanged(String endpoint) {
        String etag = get(endpoint).header("ETag");
        assertEquals(206, get(endpoint, "Range", "bytes=3-", "If-Range", etag).status());
        Http.Response changed = get(endpoint, "Range", "bytes=3-", "If-Range", "\"" + "0".repeat(64) + "\"");
        assertEquals(200, changed.status());
        assertArrayEquals(FIRMWARE, changed.bytes());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void ifNoneMatchWithTheCurrentEtagAnswers304(String endpoint) {
        String etag = get(endpoint).header("ETag");
        Http.Response notModified = get(endpoint, "If-None-Match", etag);
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.bytes().length);
        assertEquals(200, get(endpoint, "If-None-Match", "\"other\"").status());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void headAnswersTheHeadersOfTheDownloadWithoutABody(String endpoint) {
        Http.Response head = client(endpoint).send(client(endpoint).request(path(endpoint))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.status());
        assertEquals(String.valueOf(FIRMWARE.length), head.header("Content-Length"));
        assertEquals("bytes", head.header("Accept-Ranges"));
        assertEquals(0, head.bytes().length);
    }

    @Test
    void theDownloadNamesTheFileForOldAndNewClients() {
        String disposition = get("deviceOta").header("Content-Disposition");
        assertEquals("attachment; filename=\"firmware.bin\"; filename*=UTF-8''firmware.bin", disposition);
    }
}
