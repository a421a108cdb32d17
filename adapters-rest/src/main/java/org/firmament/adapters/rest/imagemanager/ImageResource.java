package org.firmament.adapters.rest.imagemanager;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.MultipartUpload;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.Streams;
import org.firmament.adapters.rest.common.UploadDigest;
import org.firmament.application.port.in.AttachBinaryCommand;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.RegisterImageCommand;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.firmware.VersionScheme;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, Image Manager surface (seed 001): images under {@code /image} and their binaries.
 * It acts on the caller's project ({@link Access#readableProject()}).
 */
@Path("image")
@Produces(MediaType.APPLICATION_JSON)
public final class ImageResource {

    private static final String REQUIRED = "Missing data for required field.";

    private final RestUseCases useCases;
    private final BinaryResponse downloads;

    @Context
    private SecurityContext security;

    public ImageResource(RestUseCases useCases, BinaryResponse downloads) {
        this.useCases = useCases;
        this.downloads = Objects.requireNonNull(downloads);
    }

    @GET
    public List<Map<String, Object>> list(@QueryParam("label") String label) {
        Optional<FirmwareTypeName> type;
        if (label == null) {
            type = Optional.empty();
        } else {
            try {
                type = Optional.of(FirmwareTypeName.of(label));
            } catch (InvalidValueException noImageCanHaveThatLabel) {
                return List.of();
            }
        }
        return useCases.queryImages().list(Access.of(security).readableProject(), type).stream().map(ImageJson::of).toList();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) throws IOException {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        JsonBody.Parsed parsed = JsonBody.read(body);
        if (parsed instanceof JsonBody.NotJson) {
            return ImageManagerErrors.invalidInput(Map.of("_schema", List.of("Invalid JSON.")));
        }
        if (!(parsed instanceof JsonBody.Valid valid)) {
            return ImageManagerErrors.invalidInput(Map.of("_schema", List.of("Invalid input type.")));
        }
        JsonNode json = valid.object();
        Map<String, List<String>> errors = new TreeMap<>();
        String label = requiredString(json, "label", errors);
        String version = requiredString(json, "fw_version", errors);
        if (!errors.isEmpty()) {
            return ImageManagerErrors.invalidInput(errors);
        }
        FirmwareImage image;
        try {
            image = useCases.registerImage().register(new RegisterImageCommand(project,
                    FirmwareTypeName.of(label), FirmwareVersion.of(version), VersionScheme.SEMANTIC), access.actor());
        } catch (InvalidValueException invalid) {
            return ImageManagerErrors.invalidInput(
                    Map.of(ImageManagerErrors.wireField(invalid), List.of(invalid.getMessage())));
        }
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, ImageJson.location(image))
                .entity(ImageJson.created(image))
                .build();
    }

    @GET
    @Path("binary")
    public List<String> listBinaries() {
        return useCases.queryImages().listWithStoredBinary(Access.of(security).readableProject()).stream().map(ImageJson::binaryName).toList();
    }

    @GET
    @Path("{imageId}")
    public Map<String, Object> get(@PathParam("imageId") String imageId) {
        return ImageJson.of(useCases.queryImages().get(Access.of(security).readableProject(), PathIds.image(imageId)));
    }

    @DELETE
    @Path("{imageId}")
    public Map<String, Object> delete(@PathParam("imageId") String imageId) {
        Access access = Access.of(security);
        FirmwareImage removed = useCases.removeImage().remove(access.writableProject(), PathIds.image(imageId),
                access.actor());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("removed_image", ImageJson.of(removed));
        body.put("result", "ok");
        return body;
    }

    @GET
    @Path("{imageId}/binary")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("imageId") String imageId, @Context HttpHeaders request,
                             @Context Request method) {
        ImageId id = PathIds.image(imageId);
        Access access = Access.of(security);
        DownloadableBinary binary = access.device()
                .map(device -> useCases.queryBundles().offeredBinary(device, id))
                .orElseGet(() -> useCases.downloadBinary().describe(access.readableProject(), id));
        return downloads.send(binary, id + ".hex", request, method);
    }

    @POST
    @Path("{imageId}/binary")
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("imageId") String imageId,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("-1") long contentLength,
                           @Context HttpHeaders headers, InputStream body) {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        ImageId id = PathIds.image(imageId);
        Optional<Digest> expectedSha256 = UploadDigest.expectedSha256(headers);
        if (!MultipartUpload.isMultipartForm(contentType)) {
            return ImageManagerErrors.message(400, "Expected a multipart/form-data body with a file part named 'image'");
        }
        MultipartUpload form = MultipartUpload.read(contentType, contentLength, body);
        Optional<MultipartUpload.Part> file = form.soleFile("image");
        if (file.isEmpty()) {
            return ImageManagerErrors.message(400, "No file part named 'image' in the request");
        }
        MultipartUpload.Part part = file.get();
        useCases.attachBinary().attach(new AttachBinaryCommand(project, id,
                Streams.safeFilename(part.filename().orElse(""), id + ".hex"), part.content(), expectedSha256),
                access.actor());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("image", id.toString());
        result.put("message", "image uploaded");
        return Response.ok(result).build();
    }

    @DELETE
    @Path("{imageId}/binary")
    public Map<String, Object> deleteBinary(@PathParam("imageId") String imageId) {
        Access access = Access.of(security);
        useCases.detachBinary().detach(access.writableProject(), PathIds.image(imageId), access.actor());
        return Map.of("result", "ok");
    }

    private static String requiredString(JsonNode json, String field, Map<String, List<String>> errors) {
        JsonNode value = json.get(field);
        if (value == null) {
            errors.put(field, List.of(REQUIRED));
            return null;
        }
        if (value.isNull()) {
            errors.put(field, List.of("Field may not be null."));
            return null;
        }
        if (!value.isTextual()) {
            errors.put(field, List.of("Not a valid string."));
            return null;
        }
        return value.textValue();
    }
}
