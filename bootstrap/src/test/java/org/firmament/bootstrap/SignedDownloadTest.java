package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/**
 * Signed download links over HTTP: absolute from {@code FIRMAMENT_PUBLIC_URL}, usable without a
 * credential, refused (403, problem+json) when altered or expired, 404 when the image or its
 * binary is gone or was replaced; and a generated signing key outlives a restart.
 */
class SignedDownloadTest extends RunningServerTest {

    private static final String PUBLIC_URL = "https://firmware.example.com/ota/";
    private static final String SIGNING_KEY = "signing-key-of-the-signed-download-test-0123";
    private static final byte[] FIRMWARE = "signed firmware bytes 0123456789".getBytes(StandardCharsets.US_ASCII);

    @Override
    Map<String, String> settings() {
        return Map.of("FIRMAMENT_PUBLIC_URL", "https://firmware.example.com/ota",
                "FIRMAMENT_DOWNLOAD_SIGNING_KEY", SIGNING_KEY, "FIRMAMENT_DOWNLOAD_URL_SECONDS", "120");
    }

    private String image(byte[] content) {
        String id = http.postJson("/image/", "{\"label\": \"signed" + UUID.randomUUID().toString().substring(0, 8)
                + "\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "fw.bin", content).status());
        return id;
    }

    /** The entry's link as handed out, and the same link on this test server instead of the public host. */
    private String publicLink(String imageId) {
        return http.get("/api/v1/firmware/" + imageId).json().get("data").get("url").asText();
    }

    private String reachable(String publicLink) {
        assertTrue(publicLink.startsWith(PUBLIC_URL), publicLink);
        return server.baseUri() + publicLink.substring(PUBLIC_URL.length());
    }

    private Http anonymous() {
        return http.withAuthorization(null);
    }

    private static void assertProblem(Http.Response response, int status, String detail) {
        assertEquals(status, response.status(), new String(response.bytes(), StandardCharsets.UTF_8));
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(status, response.json().get("status").asInt());
        assertTrue(response.json().get("detail").asText().contains(detail), response.json().toString());
    }

    @Test
    void linksAreAbsoluteFromThePublicUrlAndDownloadWithoutACredential() {
        String id = image(FIRMWARE);
        String link = publicLink(id);
        assertTrue(link.startsWith(PUBLIC_URL + "downloads/1/" + id + "?expires="), link);
        assertTrue(link.contains("&sha256=" + sha256(FIRMWARE) + "&signature="), link);

        Http.Response file = anonymous().get(reachable(link));
        assertEquals(200, file.status());
        assertArrayEquals(FIRMWARE, file.bytes());
        assertEquals("\"" + sha256(FIRMWARE) + "\"", file.header("ETag"));
        assertEquals(String.valueOf(FIRMWARE.length), file.header("Content-Length"));
    }

    @Test
    void theDevicesUpdateCheckHandsOutASignedLinkToo() {
        String type = "check" + UUID.randomUUID().toString().substring(0, 8);
        String id = http.postJson("/image/", "{\"label\": \"" + type + "\", \"fw_version\": \"2.0.0\"}").json().get("id").asText();
        http.postFile("/image/" + id + "/binary", "image", "fw.bin", FIRMWARE);
        Http device = http.withAuthorization("Bearer " + http.postJson("/api/management/v1/projects/1/devices",
                "{\"deviceClass\": \"lamp\"}").json().get("apiKey").asText());

        String link = device.get("/api/v1/firmware/check?type=" + type + "&version=1.0.0").json().get("data").get("url").asText();

        assertArrayEquals(FIRMWARE, anonymous().get(reachable(link)).bytes());
    }

    @Test
    void aRangeAndHeadWorkOnASignedLink() {
        String link = reachable(publicLink(image(FIRMWARE)));
        Http.Response part = anonymous().send(anonymous().request(link).header("Range", "bytes=7-14").GET().build());
        assertEquals(206, part.status());
        assertEquals("firmware", new String(part.bytes(), StandardCharsets.US_ASCII));
        assertEquals("bytes 7-14/" + FIRMWARE.length, part.header("Content-Range"));

        Http.Response head = anonymous().send(anonymous().request(link)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.status());
        assertEquals(String.valueOf(FIRMWARE.length), head.header("Content-Length"));
        assertEquals(0, head.bytes().length);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        String link = reachable(publicLink(image(FIRMWARE)));
        int at = link.indexOf("signature=") + "signature=".length();
        String tampered = link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
        assertProblem(anonymous().get(tampered), 403, "not valid");
    }

    @Test
    void anAlteredExpiryIsRefused() {
        String link = reachable(publicLink(image(FIRMWARE)));
        String expires = link.replaceFirst(".*expires=(\\d+).*", "$1");
        String later = link.replace("expires=" + expires, "expires=" + (Long.parseLong(expires) + 86_400));
        assertProblem(anonymous().get(later), 403, "not valid");
    }

    @Test
    void anAlteredShaIsRefused() {
        String link = reachable(publicLink(image(FIRMWARE)));
        assertProblem(anonymous().get(link.replace(sha256(FIRMWARE), sha256("other".getBytes(StandardCharsets.US_ASCII)))),
                403, "not valid");
    }

    @Test
    void theLinkOfOneImageDoesNotOpenAnother() {
        String mine = image(FIRMWARE);
        String other = image("other firmware".getBytes(StandardCharsets.US_ASCII));
        assertProblem(anonymous().get(reachable(publicLink(mine)).replace(mine, other)), 403, "not valid");
        assertProblem(anonymous().get(reachable(publicLink(mine)).replace("downloads/1/", "downloads/2/")), 403,
                "not valid");
    }

    @Test
    void aLinkWithoutItsSignatureOrQueryIsRefused() {
        String link = reachable(publicLink(image(FIRMWARE)));
        assertProblem(anonymous().get(link.substring(0, link.indexOf("&signature="))), 403, "not valid");
        assertProblem(anonymous().get(link.substring(0, link.indexOf('?'))), 403, "not valid");
    }

    @Test
    void anExpiredLinkIsRefused() {
        String id = image(FIRMWARE);
        // Made two hours ago with the server's key and a one-minute lifetime.
        DownloadLinks past = new DownloadLinks(Optional.empty(), SIGNING_KEY, Duration.ofSeconds(60),
                () -> Instant.now().minus(Duration.ofHours(2)));
        URI expired = past.linkTo(ProjectId.of(1), ImageId.tryParse(id).orElseThrow(), Digest.sha256(sha256(FIRMWARE)),
                server.baseUri());
        assertProblem(anonymous().get(expired.toString()), 403, "expired");

        DownloadLinks now = new DownloadLinks(Optional.empty(), SIGNING_KEY, Duration.ofSeconds(60), Instant::now);
        assertEquals(200, anonymous().get(now.linkTo(ProjectId.of(1), ImageId.tryParse(id).orElseThrow(),
                Digest.sha256(sha256(FIRMWARE)), server.baseUri()).toString()).status(), "the configured key signs");
    }

    @Test
    void aDeletedImageOrBinaryAnswers404() {
        String withoutBinary = image(FIRMWARE);
        String link = reachable(publicLink(withoutBinary));
        assertEquals(200, http.delete("/image/" + withoutBinary + "/binary").status());
        assertProblem(anonymous().get(link), 404, "No such");

        String deleted = image(FIRMWARE);
        String deletedLink = reachable(publicLink(deleted));
        assertEquals(200, http.delete("/image/" + deleted).status());
        assertProblem(anonymous().get(deletedLink), 404, "No such");
    }

    @Test
    void aReplacedBinaryInvalidatesOldLinksAndNewLinksServeTheNewBytes() {
        String id = image(FIRMWARE);
        String old = reachable(publicLink(id));
        byte[] replacement = "replacement firmware".getBytes(StandardCharsets.US_ASCII);
        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "fw.bin", replacement).status());

        assertProblem(anonymous().get(old), 404, "No such binary");
        // A resume of the old download must not splice in the new bytes either.
        assertEquals(404, anonymous().send(anonymous().request(old).header("Range", "bytes=5-")
                .header("If-Range", "\"" + sha256(FIRMWARE) + "\"").GET().build()).status());
        assertArrayEquals(replacement, anonymous().get(reachable(publicLink(id))).bytes());
    }

    @Test
    void anInvalidCredentialOnALinkIsRefusedLikeOnEveryPublicPath() {
        String link = reachable(publicLink(image(FIRMWARE)));
        assertProblem(http.withAuthorization("Bearer not-a-key").get(link), 401, "not valid");
        assertEquals(200, http.get(link).status(), "a valid credential does no harm");
    }

    @Test
    void sendingAnEntrysLinkBackInAPutKeepsTheStoredBinaryEvenAfterTheLinkChanged() {
        String id = image(FIRMWARE);
        JsonNode entry = http.get("/api/v1/firmware/" + id).json().get("data");
        String otherHostsLink = entry.get("url").asText().replace(PUBLIC_URL, "http://old-host.example/");
        Http.Response kept = http.method("PUT", "/api/v1/firmware/" + id, "{\"type\": \"" + entry.get("type").asText()
                + "\", \"version\": \"1.0.1\", \"url\": \"" + otherHostsLink + "\"}");
        assertEquals(200, kept.status(), new String(kept.bytes(), StandardCharsets.UTF_8));
        assertTrue(http.get("/image/" + id).json().get("confirmed").asBoolean(), "still the stored binary");
    }

    @Test
    void aGeneratedSigningKeyIsKeptInTheDatabaseSoLinksOutliveARestart() throws Exception {
        Path data = Files.createTempDirectory("firmament-signing-key");
        try {
            String link;
            try (FirmamentServer first = TestServers.start(data, Map.of())) {
                Http client = TestServers.client(first);
                String id = client.postJson("/image/", "{\"label\": \"k\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();
                client.postFile("/image/" + id + "/binary", "image", "fw.bin", FIRMWARE);
                link = URI.create(client.get("/api/v1/firmware/" + id).json().get("data").get("url").asText())
                        .getRawPath().substring(1);
                link += "?" + URI.create(client.get("/api/v1/firmware/" + id).json().get("data").get("url").asText())
                        .getRawQuery();
                assertEquals(200, client.withAuthorization(null).get(link).status());
            }
            try (FirmamentServer second = TestServers.start(data, Map.of())) {
                assertArrayEquals(FIRMWARE, TestServers.client(second).withAuthorization(null).get(link).bytes());
            }
            try (FirmamentServer rekeyed = TestServers.start(data, Map.of("FIRMAMENT_DOWNLOAD_SIGNING_KEY",
                    "a-configured-key-replaces-the-generated-one"))) {
                assertEquals(403, TestServers.client(rekeyed).withAuthorization(null).get(link).status());
            }
        } finally {
            TestServers.deleteTree(data);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
