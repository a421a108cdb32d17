package org.firmament.adapters.rest.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.application.port.in.BundleCommand;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.application.port.in.ResolvedBundle;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Principal;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.Device;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter, bundles surface (seed 002): {@code GET /bundles} in its three modes (device key,
 * operator, public OTA), the operators' bundle management, and component downloads.
 */
@Path("bundles")
@Produces(MediaType.APPLICATION_JSON)
public final class BundleResource {

    private final RestUseCases useCases;
    private final BinaryResponse downloads;
    private final DownloadLinks links;

    @Context
    private UriInfo uriInfo;

    @Context
    private SecurityContext security;

    public BundleResource(RestUseCases useCases, BinaryResponse downloads, DownloadLinks links) {
        this.useCases = useCases;
        this.downloads = Objects.requireNonNull(downloads);
        this.links = Objects.requireNonNull(links);
    }

    @GET
    public List<Map<String, Object>> list(@QueryParam("projectId") String projectId,
                                          @QueryParam("deviceClass") String deviceClass,
                                          @QueryParam("channel") String channel) {
        Access access = Access.of(security);
        Optional<Device> device = access.device();
        if (device.isPresent()) {
            // A device gets its own bundles; the document says query parameters are ignored.
            return render(useCases.queryBundles().forDevice(device.get()));
        }
        ProjectId project = requiredProject(projectId);
        DeviceClass requestedClass = DeviceClass.of(required("deviceClass", deviceClass));
        Optional<Channel> requestedChannel = Optional.ofNullable(channel).filter(c -> !c.isEmpty()).map(Channel::of);
        if (access.principal() instanceof Principal.Nobody) {
            return render(useCases.queryBundles().forAnonymous(project, requestedClass, requestedChannel)
                    .orElseThrow(() -> new Unauthenticated(Unauthenticated.Reason.MISSING)));
        }
        access.requireRead(project);
        return render(useCases.queryBundles().forClass(project, requestedClass, requestedChannel));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) throws IOException {
        Access access = Access.of(security);
        access.requireOperator();
        BundleCommand command = command(body);
        access.requireWrite(command.projectId());
        ResolvedBundle created = componentsMustExist(() -> useCases.manageBundles().create(command, access.actor()));
        return Response.status(Response.Status.CREATED).entity(BundleJson.of(created, links, uriInfo.getBaseUri())).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        ProjectId project = Access.of(security).readableProject();
        return BundleJson.of(useCases.queryBundles().get(project, PathIds.bundle(id)), links, uriInfo.getBaseUri());
    }

    /** The body names the bundle's project, as on creation; a bundle cannot move to another project. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> replace(@PathParam("id") String id, InputStream body) throws IOException {
        Access access = Access.of(security);
        access.requireOperator();
        BundleId bundleId = PathIds.bundle(id);
        BundleCommand command = command(body);
        access.requireWrite(command.projectId());
        return BundleJson.of(componentsMustExist(() -> useCases.manageBundles().replace(bundleId, command, access.actor())),
                links, uriInfo.getBaseUri());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Access access = Access.of(security);
        ProjectId project = access.writableProject();
        useCases.manageBundles().delete(project, PathIds.bundle(id), access.actor());
        return Response.noContent().build();
    }

    /**
     * The file of a component, for the callers that may see the bundle: an operator of the project,
     * a device offered a bundle holding it, anyone when the project allows public OTA.
     */
    @GET
    @Path("files/{projectId}/{imageId}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("projectId") String projectId, @PathParam("imageId") String imageId,
                             @Context HttpHeaders request, @Context Request method) {
        Principal caller = Access.of(security).principal();
        ProjectId project = PathIds.project(projectId);
        ImageId image = PathIds.image(imageId);
        // Whether a file exists is not told to a caller who may not have it: the same 404 as a missing one.
        NotFoundException notShown = new NotFoundException(NotFoundException.Subject.IMAGE, imageId);
        DownloadableBinary binary;
        if (caller instanceof Principal.DeviceKey device) {
            if (!device.device().projectId().equals(project)) {
                throw notShown;
            }
            binary = useCases.queryBundles().offeredBinary(device.device(), image);
        } else {
            if (caller instanceof Principal.Nobody) {
                if (!allowsPublicOta(project)) {
                    // Like GET /bundles: a private or unknown project wants a credential, and both answer the same.
                    throw new Unauthenticated(Unauthenticated.Reason.MISSING);
                }
                if (!useCases.queryBundles().isPublic(project, image)) {
                    throw notShown;
                }
            } else if (!caller.sees(project)) {
                throw notShown;
            }
            binary = useCases.downloadBinary().describe(project, image);
        }
        return downloads.send(binary, binary.binary().filename(), request, method);
    }

    private boolean allowsPublicOta(ProjectId project) {
        try {
            return useCases.manageProjects().get(project).publicOta();
        } catch (NotFoundException unknown) {
            return false;
        }
    }

    /** A component naming an image the project does not have is bad input, not a missing resource. */
    private static ResolvedBundle componentsMustExist(java.util.function.Supplier<ResolvedBundle> work) {
        try {
            return work.get();
        } catch (NotFoundException missing) {
            if (missing.subject() == NotFoundException.Subject.IMAGE) {
                throw new InvalidValueException("components", "versionId " + missing.id()
                        + " is not an image of the project");
            }
            throw missing;
        }
    }

    private List<Map<String, Object>> render(List<ResolvedBundle> bundles) {
        return bundles.stream().map(bundle -> BundleJson.of(bundle, links, uriInfo.getBaseUri())).toList();
    }

    /** The body of POST and PUT: name, description, deviceClass, projectId, channel, components[].versionId. */
    private static BundleCommand command(InputStream body) throws IOException {
        JsonBody.Parsed parsed = JsonBody.read(body);
        if (!(parsed instanceof JsonBody.Valid json)) {
            throw new InvalidValueException("body", "The request body must be a JSON object describing the bundle");
        }
        String name = json.text("name").orElseThrow(() -> new InvalidValueException("name", "name is required"));
        String description = json.object().hasNonNull("description")
                ? json.text("description").orElseThrow(() -> new InvalidValueException("description",
                        "description must be a string"))
                : "";
        String deviceClass = json.text("deviceClass")
                .orElseThrow(() -> new InvalidValueException("deviceClass", "deviceClass is required"));
        JsonNode projectId = json.object().get("projectId");
        if (projectId == null || !projectId.canConvertToLong() || !projectId.isIntegralNumber()) {
            throw new InvalidValueException("projectId", "projectId is required and must be an integer");
        }
        Optional<Channel> channel = Optional.empty();
        if (json.object().hasNonNull("channel")) {
            channel = Optional.of(Channel.of(json.text("channel")
                    .orElseThrow(() -> new InvalidValueException("channel", "channel must be a string"))));
        }
        return new BundleCommand(ProjectId.of(projectId.longValue()), name, description, DeviceClass.of(deviceClass),
                channel, componentImages(json.object().get("components")));
    }

    private static List<ImageId> componentImages(JsonNode components) {
        if (components == null || components.isNull()) {
            return List.of();
        }
        if (!components.isArray()) {
            throw new InvalidValueException("components", "components must be an array");
        }
        List<ImageId> images = new ArrayList<>();
        for (JsonNode component : components) {
            JsonNode versionId = component.get("versionId");
            if (versionId == null || !versionId.isTextual()) {
                throw new InvalidValueException("components", "each component needs a versionId (an image id)");
            }
            images.add(ImageId.tryParse(versionId.textValue()).orElseThrow(() ->
                    new InvalidValueException("components", "versionId " + versionId.textValue() + " is not an image id")));
        }
        return images;
    }

    private static ProjectId requiredProject(String projectId) {
        return ProjectId.parse(required("projectId", projectId));
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException(name, name + " is required");
        }
        return value;
    }
}
