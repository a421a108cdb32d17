package org.firmament.adapters.rest.common;

import java.net.URI;
import java.util.Optional;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;

/**
 * REST adapter: the one place that builds the URLs devices download binaries from, on every
 * surface that hands such URLs out (seed 002's component {@code url}, the device API). The URL is
 * seed 002's component file path, {@code bundles/files/{projectId}/{imageId}}, under the
 * request's base URI.
 */
public final class DownloadLinks {

    private DownloadLinks() {
    }

    /** Where a device fetches the image's file: an external URL as given, else its stored binary; empty without either. */
    public static Optional<String> urlOf(FirmwareImage image, URI baseUri) {
        Optional<Artifact> artifact = image.artifact();
        if (artifact.isPresent() && artifact.get() instanceof Artifact.ExternalUrl external) {
            return Optional.of(external.url());
        }
        return artifact.map(stored -> storedBinary(baseUri, image).toString());
    }

    /** Where {@code image}'s stored binary is downloaded; only meaningful for an image with a stored binary. */
    public static URI storedBinary(URI baseUri, FirmwareImage image) {
        return baseUri.resolve("bundles/files/" + image.projectId() + "/" + image.id());
    }
}
