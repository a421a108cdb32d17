package org.firmament.adapters.rest.downloads;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.management.ManagementErrors;
import org.firmament.application.port.in.DownloadableBinary;
import org.firmament.domain.NotFoundException;

/**
 * REST adapter: {@code GET|HEAD /downloads/{projectId}/{imageId}?expires=&sha256=&signature=}, the
 * signed links {@link DownloadLinks} hands out. The link is the credential: 403 when it was altered
 * or has expired, 404 when the image or its binary is gone or the binary was replaced since the
 * link was made. Otherwise the same resumable, conditional download as every other surface.
 */
@Path(DownloadLinks.PATH)
public final class DownloadResource {

    private final RestUseCases useCases;
    private final DownloadLinks links;
    private final BinaryResponse downloads;

    public DownloadResource(RestUseCases useCases, DownloadLinks links, BinaryResponse downloads) {
        this.useCases = Objects.requireNonNull(useCases);
        this.links = Objects.requireNonNull(links);
        this.downloads = Objects.requireNonNull(downloads);
    }

    @GET
    @Path("{projectId}/{imageId}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, ManagementErrors.PROBLEM_JSON, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("projectId") String projectId, @PathParam("imageId") String imageId,
                             @QueryParam("expires") String expires, @QueryParam("sha256") String sha256,
                             @QueryParam("signature") String signature, @Context HttpHeaders request,
                             @Context Request method) {
        DownloadLinks.SignedDownload link = links.verify(projectId, imageId, expires, sha256, signature);
        DownloadableBinary binary = useCases.downloadBinary().describe(link.projectId(), link.imageId());
        if (!binary.binary().sha256().equals(link.sha256())) {
            // Never splice: a resumed download must not continue with other bytes than it started with.
            throw new NotFoundException(NotFoundException.Subject.BINARY, link.sha256().hex());
        }
        return downloads.send(binary, binary.binary().filename(), request, method);
    }
}
