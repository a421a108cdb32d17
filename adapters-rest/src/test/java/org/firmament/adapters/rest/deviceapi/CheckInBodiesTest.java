package org.firmament.adapters.rest.deviceapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.OfferedUpdateJson;
import org.firmament.adapters.rest.common.RenderedJson;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** A check-in's 200 body, partly reused, is byte for byte what Jackson writes of the whole offer. */
class CheckInBodiesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123456Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final DownloadLinks links = new DownloadLinks(Optional.empty(),
            "a-download-signing-key-for-tests-0123456789", Duration.ofHours(1), now::get);
    private final CheckInBodies bodies = new CheckInBodies(links);
    private final URI base = URI.create("http://devices.example:8080/");
    private final FirmwareType main = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("main"),
            VersionScheme.SEMANTIC, NOW);

    private FirmwareImage stored(String version) {
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of(version), NOW);
        image.attachBinary(new Artifact.StoredBinary(BinaryKey.of("k-" + version.replace(".", "-")), "main \"" + version + "\".bin",
                1234, Digest.sha1("a".repeat(40)), Digest.sha256("b".repeat(64))));
        return image;
    }

    private FirmwareImage external(String version) {
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), main, FirmwareVersion.of(version), NOW);
        image.pointTo(new Artifact.ExternalUrl("https://cdn.example/fw/" + version + "?a=1&b=\u00e9"));
        return image;
    }

    private static OfferedUpdate update(UpdateDecision.Kind kind, String bundle, List<FirmwareImage> images,
                                       UpdateState state, String message) {
        return update(UUID.randomUUID(), kind, bundle, images, state, message);
    }

    private static OfferedUpdate update(UUID id, UpdateDecision.Kind kind, String bundle, List<FirmwareImage> images,
                                       UpdateState state, String message) {
        return OfferedUpdate.reconstitute(id, ProjectId.DEFAULT, DeviceId.of("dev-1"), kind,
                bundle == null ? null : BundleId.of(bundle), images.stream().map(image -> new OfferedUpdate.Item(
                        image.id(), image.typeName(), image.version())).toList(), "fingerprint", bundle == null,
                NOW, state, message, NOW.plusSeconds(5), 3);
    }

    /** The rendered body as the hot route writes it, checked equal to the whole array Jersey is given. */
    private byte[] rendered(OfferedUpdate update, List<FirmwareImage> images, URI baseUri, long seconds, Instant next)
            throws Exception {
        RenderedJson body = bodies.render(update, images, baseUri, links.currentExpiry(), seconds, next);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        body.writeTo(written);
        assertArrayEquals(body.toByteArray(), written.toByteArray());
        assertEquals(body.length(), written.size());
        return written.toByteArray();
    }

    private byte[] whatJacksonWrites(OfferedUpdate update, List<FirmwareImage> images, long seconds, Instant next)
            throws Exception {
        Map<String, Object> body = OfferedUpdateJson.offer(update, images, image -> links.urlOf(image, base));
        body.put("pollAfterSeconds", seconds);
        body.put("nextPollAt", next.toString());
        return JsonMapperProvider.MAPPER.writeValueAsBytes(body);
    }

    @Test
    void theRenderedBytesAreJacksonsForEveryKindOfOffer() throws Exception {
        List<FirmwareImage> images = List.of(stored("1.0.0"), external("1.1.0"));
        for (OfferedUpdate update : List.of(
                update(UpdateDecision.Kind.BUNDLE, "b8c4313d091a8bb231128806", images, UpdateState.ASSIGNED, null),
                update(UpdateDecision.Kind.IMAGES, null, images, UpdateState.DOWNLOADING,
                        "quotes \" and \\ back\nslash, \u00fcnicode \ud83d\ude80 and \u0001 control"))) {
            Instant next = NOW.plusSeconds(300);
            assertArrayEquals(whatJacksonWrites(update, images, 300, next), rendered(update, images, base, 300, next));
            // The second render reuses the images' part.
            assertArrayEquals(whatJacksonWrites(update, images, 301, next), rendered(update, images, base, 301, next));
        }
    }

    @Test
    void idsMessagesAndPollFieldsOfEveryShapeAreWrittenAsJacksonWritesThem() throws Exception {
        List<FirmwareImage> images = List.of(stored("3.0.0"));
        List<String> messages = List.of("plain ASCII: / ~ ' { } [ ] < > & %", "\u007f delete", "caf\u00e9",
                "x".repeat(2000), "\"".repeat(300), "", "edges \u001f \u0020 \u007e", "\\ alone", "\u0000");
        List<UUID> ids = List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(0x0000000100020003L, 0x000400000000000aL),
                UUID.randomUUID());
        for (int i = 0; i < messages.size(); i++) {
            OfferedUpdate update = update(ids.get(i % ids.size()), UpdateDecision.Kind.IMAGES, null, images,
                    UpdateState.FAILED, messages.get(i));
            for (Instant next : List.of(NOW, NOW.plusNanos(1), NOW.plusMillis(7), Instant.ofEpochSecond(253_402_300_800L))) {
                for (long seconds : List.of(1L, 300L, Long.MAX_VALUE)) {
                    assertArrayEquals(whatJacksonWrites(update, images, seconds, next),
                            rendered(update, images, base, seconds, next), messages.get(i));
                }
            }
        }
    }

    @Test
    void anotherBaseUriOrAnotherLinkExpiryIsRenderedAnew() throws Exception {
        List<FirmwareImage> images = List.of(stored("2.0.0"));
        OfferedUpdate update = update(UpdateDecision.Kind.IMAGES, null, images, UpdateState.ASSIGNED, null);
        byte[] first = rendered(update, images, base, 300, NOW);
        URI other = URI.create("https://proxy.example/prefix/");
        assertArrayEquals(new String(whatJacksonWritesFor(update, images, other), StandardCharsets.UTF_8).getBytes(
                StandardCharsets.UTF_8), rendered(update, images, other, 300, NOW));
        now.set(NOW.plus(Duration.ofHours(2)));
        byte[] later = rendered(update, images, base, 300, NOW);
        assertNotEquals(new String(first, StandardCharsets.UTF_8), new String(later, StandardCharsets.UTF_8));
        assertArrayEquals(whatJacksonWrites(update, images, 300, NOW), later);
    }

    private byte[] whatJacksonWritesFor(OfferedUpdate update, List<FirmwareImage> images, URI baseUri)
            throws Exception {
        Map<String, Object> body = OfferedUpdateJson.offer(update, images, image -> links.urlOf(image, baseUri));
        body.put("pollAfterSeconds", 300L);
        body.put("nextPollAt", NOW.toString());
        return JsonMapperProvider.MAPPER.writeValueAsBytes(body);
    }
}
