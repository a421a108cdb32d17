package org.firmament.adapters.rest.downloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.firmament.adapters.rest.common.Forbidden;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadLinksTest {

    private static final String KEY = "a-download-signing-key-for-tests-0123456789";
    private static final ProjectId PROJECT = ProjectId.of(7);
    private static final ImageId IMAGE = ImageId.of(UUID.fromString("6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a0b"));
    private static final Digest SHA256 = Digest.sha256("ab".repeat(32));
    private static final URI REQUEST_BASE = URI.create("http://127.0.0.1:8080/");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T06:00:00Z"));

    private DownloadLinks links(Optional<URI> publicUrl, String key) {
        return new DownloadLinks(publicUrl, key, Duration.ofHours(1), now::get);
    }

    private DownloadLinks links() {
        return links(Optional.empty(), KEY);
    }

    /** The link's path segments and query values, as the resource receives them. */
    private static Map<String, String> parts(URI link) {
        Map<String, String> parts = new LinkedHashMap<>();
        String[] segments = link.getRawPath().split("/");
        parts.put("projectId", segments[segments.length - 2]);
        parts.put("imageId", segments[segments.length - 1]);
        for (String parameter : link.getRawQuery().split("&")) {
            parts.put(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        }
        return parts;
    }

    private static DownloadLinks.SignedDownload verify(DownloadLinks links, Map<String, String> parts) {
        return links.verify(parts.get("projectId"), parts.get("imageId"), parts.get("expires"), parts.get("sha256"),
                parts.get("signature"));
    }

    @Test
    void aKeyReadLater_isAskedForOnceAtTheFirstUseAndSignsAsTheSameKeyGivenAtOnce() {
        AtomicInteger asked = new AtomicInteger();
        DownloadLinks later = DownloadLinks.withKeyReadLater(Optional.empty(), () -> {
            asked.incrementAndGet();
            return KEY;
        }, Duration.ofHours(1), now::get);
        assertEquals(0, asked.get());

        later.readKey();
        URI link = later.linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE);

        assertEquals(1, asked.get());
        assertEquals(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE), link);
        assertEquals(new DownloadLinks.SignedDownload(PROJECT, IMAGE, SHA256), verify(links(), parts(link)));
    }

    @Test
    void aShortKeyReadLater_isRefusedByReadKey() {
        DownloadLinks later = DownloadLinks.withKeyReadLater(Optional.empty(), () -> "short", Duration.ofHours(1),
                now::get);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, later::readKey);
        assertTrue(refused.getMessage().contains("at least " + DownloadLinks.MIN_KEY_LENGTH), refused.getMessage());
    }

    @Test
    void aLinkIsAbsoluteFromTheRequestsBaseWhenNoPublicUrlIsConfigured() {
        URI link = links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE);
        assertTrue(link.toString().startsWith("http://127.0.0.1:8080/downloads/7/" + IMAGE + "?expires="), link.toString());
    }

    @Test
    void aConfiguredPublicUrlWinsAndKeepsItsPathPrefix() {
        URI link = links(Optional.of(URI.create("https://fw.example.com/ota")), KEY).linkTo(PROJECT, IMAGE, SHA256,
                REQUEST_BASE);
        assertTrue(link.toString().startsWith("https://fw.example.com/ota/downloads/7/" + IMAGE + "?"), link.toString());
    }

    @Test
    void aValidLinkGrantsTheImageAndTheBinaryItWasMadeFor() {
        DownloadLinks.SignedDownload granted = verify(links(), parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE)));
        assertEquals(new DownloadLinks.SignedDownload(PROJECT, IMAGE, SHA256), granted);
    }

    @Test
    void aLinkWorksForAtLeastItsLifetimeAndAtMostATenthLonger() {
        long made = now.get().getEpochSecond();
        long expires = Long.parseLong(parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE)).get("expires"));
        assertTrue(expires >= made + 3600 && expires <= made + 3600 + 360, "expires " + (expires - made) + " s after");

        now.set(Instant.ofEpochSecond(expires));
        verify(links(), parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE)));
    }

    @Test
    void linksMadeWithinTheSameTenthOfTheLifetimeAreTheSame() {
        now.set(Instant.ofEpochSecond(360L * 1_000_000));
        URI first = links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE);
        now.set(now.get().plusSeconds(359));
        assertEquals(first, links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE));
        now.set(now.get().plusSeconds(1));
        assertFalse(first.equals(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE)));
    }

    @Test
    void anExpiredLinkIsRefusedAsExpired() {
        Map<String, String> parts = parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE));
        now.set(Instant.ofEpochSecond(Long.parseLong(parts.get("expires")) + 1));
        Forbidden refused = assertThrows(Forbidden.class, () -> verify(links(), parts));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"projectId", "imageId", "expires", "sha256", "signature"})
    void changingAnyPartOfTheLinkIsRefused(String part) {
        Map<String, String> parts = parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE));
        String value = parts.get(part);
        String altered = switch (part) {
            case "projectId" -> "8";
            case "imageId" -> UUID.randomUUID().toString();
            case "expires" -> Long.toString(Long.parseLong(value) + 86_400);
            case "sha256" -> "cd".repeat(32);
            default -> (value.charAt(0) == 'A' ? "B" : "A") + value.substring(1);
        };
        parts.put(part, altered);
        Forbidden refused = assertThrows(Forbidden.class, () -> verify(links(), parts));
        assertEquals("The download link is not valid", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"expires", "sha256", "signature"})
    void aLinkMissingAPartIsRefused(String part) {
        Map<String, String> parts = parts(links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE));
        parts.remove(part);
        assertThrows(Forbidden.class, () -> verify(links(), parts));
    }

    @Test
    void aLinkSignedWithAnotherKeyIsRefused() {
        Map<String, String> parts = parts(links(Optional.empty(), "another-signing-key-of-another-server-0123")
                .linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE));
        assertThrows(Forbidden.class, () -> verify(links(), parts));
    }

    @Test
    void anyLinkOfTheImageIsRecognisedEvenExpiredOrFromAnotherHost() {
        String link = links().linkTo(PROJECT, IMAGE, SHA256, REQUEST_BASE).toString();
        assertTrue(links().pointsTo(link, PROJECT, IMAGE));
        assertTrue(links().pointsTo(link.replace("127.0.0.1:8080", "fw.example.com"), PROJECT, IMAGE));
        assertFalse(links().pointsTo(link, ProjectId.of(8), IMAGE));
        assertFalse(links().pointsTo("https://cdn.example.com/fw.bin", PROJECT, IMAGE));
        assertFalse(links().pointsTo("not a url at all", PROJECT, IMAGE));
    }

    @Test
    void aShortKeyOrALifetimeOutOfBoundsIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> links(Optional.empty(), "too-short"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadLinks(Optional.empty(), KEY, Duration.ofSeconds(59), now::get));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadLinks(Optional.empty(), KEY, Duration.ofDays(8), now::get));
    }
}
