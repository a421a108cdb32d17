package org.firmament.adapters.rest.firmwareapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.application.port.in.PublishExternalFirmwareCommand;
import org.firmament.application.port.in.ReviseImageCommand;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, Firmware API surface (seed 000): firmware entries (an image with its type,
 * version and download URL) under {@code /api/v1/firmware}, and the device's update check.
 * Until access control lands the surface acts on the default project.
 */
@Path("api/v1/firmware")
@Produces(MediaType.APPLICATION_JSON)
public final class FirmwareResource {

    /**
     * Types first seen here get opaque versions: the document shows only build-number-like
     * versions for its two built-in types (numeric), and promises nothing for new ones.
     */
    private static final VersionScheme SCHEME_FOR_NEW_TYPES = VersionScheme.OPAQUE;

    private final RestUseCases useCases;
    private final DownloadLinks links;

    @Context
    private UriInfo uriInfo;

    @Context
    private SecurityContext security;

    public FirmwareResource(RestUseCases useCases, DownloadLinks links) {
        this.useCases = useCases;
        this.links = Objects.requireNonNull(links);
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        FirmwareImage image = useCases.queryImages().get(Access.of(security).readableProject(), PathIds.image(id));
        return envelope(null, "Firmwares fetched successfully", image);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        Entry entry = Entry.read(body);
        if (!entry.problems().isEmpty()) {
            return FirmwareApiErrors.errors(400, entry.problems());
        }
        FirmwareImage image = useCases.publishExternalFirmware().publish(new PublishExternalFirmwareCommand(project,
                FirmwareTypeName.of(entry.type()), FirmwareVersion.of(entry.version()),
                new Artifact.ExternalUrl(entry.url()), SCHEME_FOR_NEW_TYPES), access.actor());
        return Response.status(Response.Status.CREATED)
                .entity(envelope(true, "Firmware created successfully", image)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("id") String id, InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        Entry entry = Entry.read(body);
        List<String> problems = new ArrayList<>(entry.problems());
        entry.id().filter(bodyId -> !bodyId.equals(id))
                .ifPresent(bodyId -> problems.add("id in the body does not match the id in the path"));
        if (!problems.isEmpty()) {
            return FirmwareApiErrors.errors(400, problems);
        }
        Optional<ImageId> imageId = ImageId.tryParse(id);
        if (imageId.isEmpty()) {
            return FirmwareApiErrors.errors(400, FirmwareApiErrors.UPDATE_FAILED);
        }
        FirmwareImage revised;
        try {
            FirmwareImage current = useCases.queryImages().get(project, imageId.get());
            // The URL an entry shows for a stored binary is a signed download link, renewed as it expires;
            // sending any of them back, even an expired one, keeps the binary.
            boolean keepsArtifact = entry.url().equals(urlOf(current)) || (current.storedBinary().isPresent()
                    && links.pointsTo(entry.url(), current.projectId(), current.id()));
            Optional<Artifact.ExternalUrl> newUrl = keepsArtifact
                    ? Optional.empty()
                    : Optional.of(new Artifact.ExternalUrl(entry.url()));
            revised = useCases.reviseImage().revise(new ReviseImageCommand(project, imageId.get(),
                    FirmwareTypeName.of(entry.type()), FirmwareVersion.of(entry.version()), newUrl,
                    SCHEME_FOR_NEW_TYPES), access.actor());
        } catch (NotFoundException missing) {
            return FirmwareApiErrors.errors(400, FirmwareApiErrors.UPDATE_FAILED);
        }
        return Response.ok(envelope(true, "Firmware updated successfully", revised)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Access access = Access.of(security);
        useCases.removeImage().remove(access.writableProject(), PathIds.image(id), access.actor());
        return Response.noContent().build();
    }

    @PATCH
    @Path("{id}")
    public Response patchEntry() {
        return cannotPatch("GET, PUT, DELETE");
    }

    @PATCH
    public Response patchCollection() {
        return cannotPatch("POST");
    }

    /**
     * The device's question (Firmament's addition, documented in docs/api/firmware-api.md): "I run
     * {@code version} of {@code type}; is there something newer?"
     */
    @GET
    @Path("check")
    public Response check(@QueryParam("type") String type, @QueryParam("version") String version) {
        ProjectId project = Access.of(security).deviceOrReadableProject();
        List<String> problems = new ArrayList<>();
        if (type == null || type.isBlank()) {
            problems.add("type is required");
        }
        if (version == null || version.isBlank()) {
            problems.add("version is required");
        }
        if (!problems.isEmpty()) {
            return FirmwareApiErrors.errors(400, problems);
        }
        Optional<FirmwareImage> newer = useCases.checkForUpdate().updateFor(project, FirmwareTypeName.of(type),
                FirmwareVersion.of(version));
        return Response.ok(checkAnswer(newer, links, uriInfo.getBaseUri())).build();
    }

    /** The check's 200 body; the hot route writes the same. */
    public static Map<String, Object> checkAnswer(Optional<FirmwareImage> newer, DownloadLinks links, URI baseUri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg", newer.isPresent() ? "A newer firmware is available" : "Firmware is up to date");
        body.put("data", newer.map(image -> entryJson(image, links, baseUri)).orElse(null));
        return body;
    }

    /** {@code allow}: the methods the path does serve, as RFC 9110 asks of a 405. */
    private static Response cannotPatch(String allow) {
        return Response.fromResponse(FirmwareApiErrors.errors(405, "Cannot PATCH"))
                .header("Allow", allow).build();
    }

    private Map<String, Object> envelope(Boolean status, String msg, FirmwareImage image) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (status != null) {
            body.put("status", status);
        }
        body.put("msg", msg);
        body.put("data", entryJson(image));
        return body;
    }

    private Map<String, Object> entryJson(FirmwareImage image) {
        return entryJson(image, links, uriInfo.getBaseUri());
    }

    private static Map<String, Object> entryJson(FirmwareImage image, DownloadLinks links, URI baseUri) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", image.id().toString());
        entry.put("type", image.typeName().value());
        entry.put("version", image.version().value());
        entry.put("url", links.urlOf(image, baseUri).orElse(null));
        return entry;
    }

    /** Where the entry's file is: its external URL, or a signed download link of its stored binary, or nothing yet. */
    private String urlOf(FirmwareImage image) {
        return links.urlOf(image, uriInfo.getBaseUri()).orElse(null);
    }

    /** A firmware entry as a client sends it, and what is wrong with it. */
    private record Entry(Optional<String> id, String type, String version, String url, List<String> problems) {

        static Entry read(InputStream body) throws IOException {
            JsonBody.Parsed parsed = JsonBody.read(body);
            if (parsed instanceof JsonBody.NotJson) {
                return invalid("The request body is not valid JSON");
            }
            if (!(parsed instanceof JsonBody.Valid json)) {
                return invalid("The request body must be a JSON object with type, version and url");
            }
            List<String> problems = new ArrayList<>();
            String type = required(json, "type", problems);
            String version = required(json, "version", problems);
            String url = required(json, "url", problems);
            if (problems.isEmpty()) {
                validate(() -> FirmwareTypeName.of(type), problems);
                validate(() -> FirmwareVersion.of(version), problems);
                validate(() -> new Artifact.ExternalUrl(url), problems);
            }
            return new Entry(json.text("id"), type, version, url, problems);
        }

        private static Entry invalid(String problem) {
            return new Entry(Optional.empty(), null, null, null, List.of(problem));
        }

        private static String required(JsonBody.Valid json, String field, List<String> problems) {
            Optional<String> value = json.text(field);
            if (value.isEmpty()) {
                problems.add(json.object().has(field) && !json.object().get(field).isNull()
                        ? field + " must be a string"
                        : field + " is required");
            }
            return value.orElse(null);
        }

        private static void validate(Runnable check, List<String> problems) {
            try {
                check.run();
            } catch (InvalidValueException invalid) {
                problems.add(invalid.getMessage());
            }
        }
    }
}
