package org.firmament.adapters.rest.deviceapi;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.RenderedJson;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.adapters.rest.management.ManagementJson;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.domain.access.Actor;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.OfferedUpdate;

/**
 * REST adapter, device API: the answer to a device's check-in, computed once for both paths that
 * give it ({@link DeviceApiResource} through Jersey and the hot route), so they cannot differ:
 * 200 with the offer, 304 when the device's {@code If-None-Match} names it, 204 when there is none.
 * Every answer carries the suggested poll delay ({@code Retry-After}) and must not be stored by a
 * shared cache; 200 and 304 carry the offer's weak ETag.
 */
public record CheckInAnswer(int status, long retryAfterSeconds, Optional<String> etag, Optional<RenderedJson> body) {

    private static final Map.Entry<String, String> CACHE_CONTROL = Map.entry("Cache-Control", "private, no-cache");

    public CheckInAnswer {
        Objects.requireNonNull(etag);
        Objects.requireNonNull(body);
    }

    /** The answer's headers but the body's own, in the order both paths write them. */
    public List<Map.Entry<String, String>> headers() {
        Map.Entry<String, String> retryAfter = Map.entry("Retry-After", Long.toString(retryAfterSeconds));
        return etag.isEmpty() ? List.of(retryAfter, CACHE_CONTROL)
                : List.of(retryAfter, CACHE_CONTROL, Map.entry("ETag", etag.get()));
    }

    /** What renders the 200's body: each path that answers check-ins holds one, built on its download links. */
    public static final class Renderer {
        private final DownloadLinks links;
        private final CheckInBodies bodies;

        public Renderer(DownloadLinks links) {
            this.links = Objects.requireNonNull(links);
            this.bodies = new CheckInBodies(links);
        }

        /** The expiry the download links made now get; one reading per answer, for its ETag and body. */
        long linkExpiry() {
            return links.currentExpiry();
        }

        /**
         * Weak: the body also carries the suggested poll time, which varies. Equal for as long as
         * the device is offered the same update (its id names the decision, and so the images) in
         * the same state with the same download links: links expire, and a 304 must not keep a
         * device on links that no longer work, so the tag changes with the links' expiry, a tenth
         * of their lifetime at a time. Nothing in it is secret: the body carries all three.
         */
        static String etag(OfferedUpdate update, long linkExpiry) {
            JsonBytes tag = JsonBytes.forThisThread().ascii("W/\"").uuid(update.id()).ascii('-')
                    .ascii(ManagementJson.name(update.state())).ascii('-').number(linkExpiry).ascii('"');
            return tag.latin1();
        }
    }

    /**
     * Checks the device in ({@code stated} as parsed by {@link DeviceApiResource#stated}) and
     * answers; the 200's body is the offer's JSON, in bytes (in parts, see {@link RenderedJson}).
     */
    public static CheckInAnswer of(RestUseCases useCases, Renderer renderer, Device device,
                                   DeviceCheckInUseCase.Stated stated, Actor actor, String ifNoneMatch,
                                   URI baseUri) {
        Optional<DeviceCheckInUseCase.Offer> offer = useCases.deviceCheckIn().checkIn(device, stated, actor);
        Duration pollAfter = useCases.deviceCheckIn().suggestedPollDelay();
        long seconds = Math.max(1, pollAfter.toSeconds());
        if (offer.isEmpty()) {
            return new CheckInAnswer(204, seconds, Optional.empty(), Optional.empty());
        }
        long linkExpiry = renderer.linkExpiry();
        String etag = Renderer.etag(offer.get().update(), linkExpiry);
        if (DeviceApiResource.matches(ifNoneMatch, etag)) {
            return new CheckInAnswer(304, seconds, Optional.of(etag), Optional.empty());
        }
        RenderedJson body = renderer.bodies.render(offer.get().update(), offer.get().images(), baseUri, linkExpiry,
                seconds, Instant.now().plusSeconds(seconds));
        return new CheckInAnswer(200, seconds, Optional.of(etag), Optional.of(body));
    }
}
