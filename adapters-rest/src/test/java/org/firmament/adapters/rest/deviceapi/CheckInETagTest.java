package org.firmament.adapters.rest.deviceapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.OfferedUpdate;
import org.firmament.domain.device.UpdateDecision;
import org.firmament.domain.device.UpdateState;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** The check-in's weak ETag: the same while the device's copy of the offer is still good, and only then. */
class CheckInETagTest {

    /** On a step of the links' expiry (a tenth of the hour's lifetime: 360 s). */
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final CheckInAnswer.Renderer renderer = new CheckInAnswer.Renderer(new DownloadLinks(Optional.empty(),
            "a-download-signing-key-for-tests-0123456789", Duration.ofHours(1), now::get));

    /** The ETag of an answer given now. */
    private String etag(OfferedUpdate update) {
        return CheckInAnswer.Renderer.etag(update, renderer.linkExpiry());
    }

    private static OfferedUpdate update(UUID id, UpdateState state) {
        return OfferedUpdate.reconstitute(id, ProjectId.DEFAULT, DeviceId.of("dev-1"), UpdateDecision.Kind.IMAGES,
                null, List.of(new OfferedUpdate.Item(ImageId.of(UUID.randomUUID()), FirmwareTypeName.of("main"),
                        FirmwareVersion.of("1.0.0"))), "fingerprint", false, NOW, state, null, NOW, 0);
    }

    @Test
    void theSameUpdateInTheSameStateWithTheSameLinksHasTheSameETagWhichIfNoneMatchMatches() {
        UUID id = UUID.randomUUID();
        String etag = etag(update(id, UpdateState.ASSIGNED));
        now.set(NOW.plusSeconds(359));
        assertEquals(etag, etag(update(id, UpdateState.ASSIGNED)));
        assertTrue(etag.startsWith("W/\"") && etag.endsWith("\""), etag);
        assertTrue(DeviceApiResource.matches(etag, etag));
        assertTrue(DeviceApiResource.matches(etag.substring(2), etag), "weak comparison ignores W/");
        assertTrue(DeviceApiResource.matches("\"other\", " + etag, etag));
        assertTrue(DeviceApiResource.matches("*", etag));
        assertFalse(DeviceApiResource.matches("W/\"other\"", etag));
        assertFalse(DeviceApiResource.matches(null, etag));
    }

    @Test
    void theETagNamesTheUpdateItsStateAndTheLinksExpiryAsDevicesHaveSeenThemSoFar() {
        for (UUID id : List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(0x0000000100020003L, 0x000400000000000aL))) {
            assertEquals("W/\"" + id + "-downloading-" + renderer.linkExpiry() + "\"",
                    etag(update(id, UpdateState.DOWNLOADING)));
        }
        assertEquals("W/\"00000000-0000-0000-0000-000000000000-assigned-1796292000\"",
                CheckInAnswer.Renderer.etag(update(new UUID(0, 0), UpdateState.ASSIGNED), 1796292000L));
    }

    @Test
    void anotherUpdateOrAnotherStateHasAnotherETag() {
        UUID id = UUID.randomUUID();
        String assigned = etag(update(id, UpdateState.ASSIGNED));
        assertNotEquals(assigned, etag(update(id, UpdateState.DOWNLOADING)));
        assertNotEquals(assigned, etag(update(UUID.randomUUID(), UpdateState.ASSIGNED)));
    }

    @Test
    void whenTheLinksInTheBodyChangeTheETagDoesSoA304NeverKeepsADeviceOnExpiredLinks() {
        UUID id = UUID.randomUUID();
        String etag = etag(update(id, UpdateState.ASSIGNED));
        now.set(NOW.plusSeconds(360));
        String later = etag(update(id, UpdateState.ASSIGNED));
        assertNotEquals(etag, later);
        assertFalse(DeviceApiResource.matches(etag, later));
    }
}
