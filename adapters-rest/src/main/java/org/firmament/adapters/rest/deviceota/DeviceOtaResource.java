package org.firmament.adapters.rest.deviceota;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.common.JsonMapperProvider;
import org.firmament.adapters.rest.common.MultipartUpload;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.Streams;
import org.firmament.adapters.rest.common.UploadDigest;
import org.firmament.application.port.in.DeployDeviceFirmwareCommand;
import org.firmament.application.port.in.DeployDeviceFirmwareUseCase;
import org.firmament.application.port.in.DeviceOtaPageQuery;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.QueryDeviceOtaUseCase;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Principal;
import org.firmament.domain.device.Device;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, Device OTA surface (seed 003): deploy a firmware binary to one device, list the
 * latest OTA record of each device, and the device's own version query and download under
 * {@code /v1/ota/device}. Listing and deploying act on the caller's project ({@link Access}).
 */
@Path("v1/ota/device")
@Produces(MediaType.APPLICATION_JSON)
public final class DeviceOtaResource {

    /** The form's text fields, in the order their absence is reported; the file part comes last. */
    private static final List<String> FIELDS = List.of("device", "token", "version");
    private static final String FILE_FIELD = "firmware";
    private static final String DEFAULT_FILENAME = "firmware.bin";
    private static final int MAX_FIELD_BYTES = 1024;
    private static final int DEFAULT_LIMIT = 10;

    /** The document's timestamps: milliseconds, UTC, "Z". */
    private static final DateTimeFormatter LAST_UPDATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The {@code error} of the version query's 404: the same whichever check failed. */
    private static final String NO_VERSION = "The device does not exist or has no firmware deployed";

    private final RestUseCases useCases;
    private final BinaryResponse downloads;

    @Context
    private SecurityContext security;

    public DeviceOtaResource(RestUseCases useCases, BinaryResponse downloads) {
        this.useCases = useCases;
        this.downloads = Objects.requireNonNull(downloads);
    }

    @GET
    public Map<String, Object> list(@QueryParam("search_value") @DefaultValue("") String search,
                                    @QueryParam("offset") String offset,
                                    @QueryParam("limit") String limit,
                                    @QueryParam("draw") @DefaultValue("") String draw,
                                    @QueryParam("order_dir") String orderDir) {
        DeviceOtaPageQuery query = new DeviceOtaPageQuery(Access.of(security).readableProject(), search, descending(orderDir),
                integer("offset", offset, 0), integer("limit", limit, DEFAULT_LIMIT));
        QueryDeviceOtaUseCase.OtaPage page = reporting(DeviceOtaErrors.LIST_FAILED,
                () -> useCases.queryDeviceOta().latestPerDevice(query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("otas", page.records().stream().map(DeviceOtaResource::ota).toList());
        body.put("recordsTotal", page.total());
        body.put("recordsFiltered", page.filtered());
        body.put("draw", draw);
        return body;
    }

    /**
     * Reads the form in whatever order its parts come: the file part streams into the binary store
     * as it arrives, the text fields are read (bounded), and only then is anything validated. On
     * every way out but a deploy, the staged binary is discarded again.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response deploy(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("-1") long contentLength,
                           @Context HttpHeaders headers, InputStream body) {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        Optional<Digest> expectedSha256 = UploadDigest.expectedSha256(headers);
        if (!MultipartUpload.isMultipartForm(contentType)) {
            return DeviceOtaErrors.message(400, DeviceOtaErrors.NO_FILE);
        }
        DeployDeviceFirmwareUseCase deploy = useCases.deployDeviceFirmware();
        Map<String, String> fields = new HashMap<>();
        Artifact.StoredBinary staged = null;
        DeployDeviceFirmwareCommand command;
        try {
            MultipartUpload form = MultipartUpload.read(contentType, contentLength, body);
            for (Optional<MultipartUpload.Part> next = form.nextPart(); next.isPresent(); next = form.nextPart()) {
                MultipartUpload.Part part = next.get();
                if (part.isFile()) {
                    if (staged != null || !part.fieldName().equals(FILE_FIELD)) {
                        throw MultipartUpload.MalformedUploadException.notTheOnlyFile(FILE_FIELD);
                    }
                    String filename = Streams.safeFilename(part.filename().orElse(""), DEFAULT_FILENAME);
                    staged = reporting(DeviceOtaErrors.UPLOAD_FAILED, () -> deploy.stage(filename, part.content()));
                } else if (FIELDS.contains(part.fieldName()) && !fields.containsKey(part.fieldName())) {
                    fields.put(part.fieldName(), text(part.fieldName(), part.content()));
                }
            }
            Optional<String> missing = FIELDS.stream().filter(field -> fields.getOrDefault(field, "").isEmpty())
                    .findFirst();
            if (missing.isPresent() || staged == null || staged.size() == 0) {
                if (staged != null) {
                    deploy.discard(staged);
                }
                return DeviceOtaErrors.message(400, missing.map(field -> field + " is a mandatory field")
                        .orElse(DeviceOtaErrors.NO_FILE));
            }
            command = new DeployDeviceFirmwareCommand(project, DeviceId.of(fields.get("device")),
                    fields.get("token"), FirmwareVersion.of(fields.get("version")), staged, expectedSha256);
        } catch (RuntimeException e) {
            if (staged != null) {
                deploy.discard(staged);
            }
            throw e;
        }
        // From here the use case owns the staged binary, and discards it on failure.
        DeployDeviceFirmwareCommand deployment = command;
        DeployDeviceFirmwareUseCase.Outcome outcome = reporting(DeviceOtaErrors.UPLOAD_FAILED,
                () -> deploy.deploy(deployment, access.actor()));
        return outcome == DeployDeviceFirmwareUseCase.Outcome.DEPLOYED
                ? DeviceOtaErrors.message(201, "Firmware successfully deployed")
                : DeviceOtaErrors.message(200, "Firmware version unchanged, no update triggered");
    }

    @GET
    @Path("latest/{deviceId}")
    public Response latest(@PathParam("deviceId") String deviceId) {
        Optional<DeviceId> id = PathIds.tryDevice(deviceId);
        if (id.isEmpty()) {
            return DeviceOtaErrors.noSuchDevice(NO_VERSION);
        }
        FirmwareVersion version;
        try {
            version = useCases.queryDeviceOta().latestVersion(id.get());
        } catch (NotFoundException noDeviceOrNoUpdate) {
            return DeviceOtaErrors.noSuchDevice(NO_VERSION);
        }
        return Response.ok(latestVersionJson(version)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The body of a poll's answer, {@code {"ver":"1.2.7"}}; the hot route writes the same. */
    public static byte[] latestVersionJson(FirmwareVersion version) {
        try {
            return JsonMapperProvider.MAPPER.writeValueAsBytes(Map.of("ver", version.value()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always written", e);
        }
    }

    /**
     * The path segment is the device id immediately followed by its token. Tokens have a fixed
     * length ({@link IdGenerator#SECRET_LENGTH}), so the split is unambiguous.
     */
    @GET
    @Path("download/{deviceIdAndToken}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("deviceIdAndToken") String deviceIdAndToken,
                             @Context HttpHeaders request, @Context Request method) {
        int split = deviceIdAndToken.length() - IdGenerator.SECRET_LENGTH;
        if (split < 1) {
            return DeviceOtaErrors.noSuchDevice(DeviceOtaErrors.NO_DOWNLOAD);
        }
        String token = deviceIdAndToken.substring(split);
        // Looking the key up and then comparing ids costs the same whether or not the device exists.
        Optional<DeviceId> named = PathIds.tryDevice(deviceIdAndToken.substring(0, split));
        Optional<Device> device = useCases.authenticate().authenticate(token)
                .filter(Principal.DeviceKey.class::isInstance).map(key -> ((Principal.DeviceKey) key).device())
                .filter(found -> named.equals(Optional.of(found.id())));
        if (device.isEmpty()) {
            return DeviceOtaErrors.noSuchDevice(DeviceOtaErrors.NO_DOWNLOAD);
        }
        DownloadableBinary binary;
        try {
            binary = useCases.downloadDeviceFirmware().latestBinary(device.get());
        } catch (NotFoundException noFirmware) {
            return DeviceOtaErrors.noSuchDevice(DeviceOtaErrors.NO_DOWNLOAD);
        }
        return downloads.send(binary, binary.binary().filename(), request, method);
    }

    private static Map<String, Object> ota(QueryDeviceOtaUseCase.OtaRecord record) {
        DeviceUpdate update = record.update();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", update.id().toString());
        json.put("device", update.deviceId().value());
        json.put("__v", 0);
        json.put("last_updated", LAST_UPDATED.format(update.updatedAt()));
        json.put("owner", update.projectId().toString());
        json.put("path", record.filename().map(name -> "ota/device/" + update.deviceId() + "/" + name).orElse(null));
        json.put("version", update.version().value());
        return json;
    }

    /** Runs {@code work}; a backing service that cannot be reached is answered with the document's wording. */
    private static <T> T reporting(String failureMessage, Supplier<T> work) {
        try {
            return work.get();
        } catch (DeviceOtaErrors.Unavailable alreadyWorded) {
            throw alreadyWorded;
        } catch (ServiceUnavailableException unavailable) {
            throw new DeviceOtaErrors.Unavailable(failureMessage, unavailable);
        }
    }

    private static String text(String field, InputStream content) {
        try {
            byte[] bytes = content.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw new InvalidValueException(field, field + " is longer than " + MAX_FIELD_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean descending(String orderDir) {
        if (orderDir == null || orderDir.equalsIgnoreCase("desc")) {
            return true;
        }
        if (orderDir.equalsIgnoreCase("asc")) {
            return false;
        }
        throw new InvalidValueException("order_dir", "order_dir must be asc or desc");
    }

    private static int integer(String field, String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(field, field + " must be a non-negative integer");
        }
        return Integer.parseInt(text);
    }
}
