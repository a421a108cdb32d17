package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.firmament.adapters.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code FIRMAMENT_DOWNLOAD_MODE=redirect} on S3 (S3Proxy in-process): every download answers 307
 * to a presigned URL of the store, and following it gives the right bytes, ranges included.
 */
class RedirectDownloadTest extends RunningServerTest {

    private static final byte[] FIRMWARE = "bytes that never pass through firmament".getBytes(StandardCharsets.US_ASCII);

    private S3TestServer s3;
    private String imageId;

    @Override
    Map<String, String> settings() {
        if (s3 == null) {
            s3 = S3TestServer.start();
        }
        return Map.of("FIRMAMENT_STORAGE", "s3",
                "FIRMAMENT_S3_ENDPOINT", s3.endpoint(),
                "FIRMAMENT_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY,
                "FIRMAMENT_S3_SECRET_KEY", S3TestServer.SECRET_KEY,
                "FIRMAMENT_S3_BUCKET", "firmament-redirect",
                "FIRMAMENT_S3_REGION", S3TestServer.REGION,
                "FIRMAMENT_DOWNLOAD_MODE", "redirect");
    }

    @AfterAll
    void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private String image() {
        if (imageId == null) {
            imageId = http.postJson("/image/", "{\"label\": \"redirected\", \"fw_version\": \"1.0.0\"}").json()
                    .get("id").asText();
            assertEquals(200, http.postFile("/image/" + imageId + "/binary", "image", "fw.bin", FIRMWARE).status());
        }
        return imageId;
    }

    private String signedLink() {
        return http.get("/api/v1/firmware/" + image()).json().get("data").get("url").asText();
    }

    /** What a device does: follow the 307 to the store, sending its headers again. */
    private static HttpResponse<byte[]> follow(URI location, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(location);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aSignedLinkRedirectsToTheStoreAndFollowingItGivesTheBytes() throws Exception {
        Http.Response redirect = http.withAuthorization(null).get(signedLink());
        assertEquals(307, redirect.status());
        URI location = URI.create(redirect.header("Location"));
        assertTrue(location.toString().startsWith(s3.endpoint() + "/firmament-redirect/"), location.toString());
        assertTrue(location.getRawQuery().contains("X-Amz-Expires=300"), location.toString());
        assertEquals(0, redirect.bytes().length);

        HttpResponse<byte[]> file = follow(location);
        assertEquals(200, file.statusCode());
        assertArrayEquals(FIRMWARE, file.body());
        assertTrue(file.headers().firstValue("Content-Disposition").orElse("").contains("fw.bin"));
    }

    @Test
    void aRangeIsServedByTheStoreAfterTheRedirect() throws Exception {
        Http anonymous = http.withAuthorization(null);
        Http.Response redirect = anonymous.send(anonymous.request(signedLink()).header("Range", "bytes=6-9").GET().build());
        assertEquals(307, redirect.status());

        HttpResponse<byte[]> part = follow(URI.create(redirect.header("Location")), "Range", "bytes=6-9");
        assertEquals(206, part.statusCode());
        assertEquals("that", new String(part.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void everySurfacesDownloadRedirectsAndIfNoneMatchIsStillAnsweredHere() throws Exception {
        Http.Response imageManager = http.get("/image/" + image() + "/binary");
        assertEquals(307, imageManager.status());
        assertArrayEquals(FIRMWARE, follow(URI.create(imageManager.header("Location"))).body());
        String etag = imageManager.header("ETag");

        Http.Response unchanged = http.send(http.request("/image/" + image() + "/binary")
                .header("If-None-Match", etag).GET().build());
        assertEquals(304, unchanged.status());
    }

    @Test
    void redirectsAreCountedAndTheirBytesAreNot() {
        String metrics = new String(http.get("/metrics").bytes(), StandardCharsets.UTF_8);
        double before = counter(metrics, "firmament_download_redirects_total");
        double bytesBefore = counter(metrics, "firmament_download_bytes_total");
        assertEquals(307, http.withAuthorization(null).get(signedLink()).status());

        String after = Scrapes.until(http, text -> counter(text, "firmament_download_redirects_total") >= before + 1);
        assertEquals(before + 1, counter(after, "firmament_download_redirects_total"));
        assertEquals(bytesBefore, counter(after, "firmament_download_bytes_total"));
    }

    private static double counter(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line ->
                Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst().orElse(0);
    }

    @Test
    void aTamperedLinkIsRefusedBeforeAnyRedirect() {
        String link = signedLink().replaceFirst("expires=(\\d)", "expires=9");
        assertEquals(403, http.withAuthorization(null).get(link).status());
    }
}
