package org.firmament.adapters.rest.bundles;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;

/** REST adapter, bundles surface: the Firmware Bundle object of seed 002. */
final class BundleJson {

    /** The document's timestamps: milliseconds, UTC, "Z". */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private BundleJson() {
    }

    static Map<String, Object> of(ResolvedBundle resolved, DownloadLinks links, URI baseUri) {
        Bundle bundle = resolved.bundle();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("creationTime", TIME.format(bundle.createdAt()));
        json.put("description", bundle.description());
        json.put("deviceClass", bundle.deviceClass().value());
        json.put("id", bundle.id().value());
        json.put("name", bundle.name());
        json.put("projectId", bundle.projectId().value());
        json.put("channel", bundle.channel().value());
        List<Map<String, Object>> components = new ArrayList<>();
        for (FirmwareImage image : resolved.images()) {
            components.add(component(image, links, baseUri));
        }
        json.put("components", components);
        return json;
    }

    /**
     * A component is a firmware type ({@code componentId}, {@code componentName}: the type's
     * name, which is unique in a project) at one version ({@code versionId}: the image id).
     */
    private static Map<String, Object> component(FirmwareImage image, DownloadLinks links, URI baseUri) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("componentId", image.typeName().value());
        json.put("componentName", image.typeName().value());
        json.put("versionId", image.id().toString());
        json.put("versionName", image.version().value());
        Optional<Artifact> artifact = image.artifact();
        if (artifact.isPresent() && artifact.get() instanceof Artifact.StoredBinary stored) {
            json.put("filename", stored.filename());
            json.put("checksum", stored.sha1().hex());
            // Seed 002's URLs work without a credential: a signed link, good for the configured lifetime.
            json.put("url", links.linkTo(image.projectId(), image.id(), stored.sha256(), baseUri).toString());
        } else if (artifact.isPresent() && artifact.get() instanceof Artifact.ExternalUrl external) {
            json.put("filename", lastSegment(external.url()));
            json.put("checksum", null);
            json.put("url", external.url());
        } else {
            json.put("filename", null);
            json.put("checksum", null);
            json.put("url", null);
        }
        return json;
    }

    private static String lastSegment(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return segment.isEmpty() ? null : segment;
    }
}
