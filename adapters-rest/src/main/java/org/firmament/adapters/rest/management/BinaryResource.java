package org.firmament.adapters.rest.management;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.application.port.in.BinaryIntegrityUseCase;
import org.firmament.domain.firmware.BinaryKey;

/**
 * REST adapter, management API: the integrity of the stored binaries, which all projects share
 * (identical bytes are stored once), so only the admin token sees it.
 */
@Path("api/management/v1/binaries")
@Produces({MediaType.APPLICATION_JSON, ManagementErrors.PROBLEM_JSON})
public final class BinaryResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public BinaryResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    /** The binaries found not to match their SHA-256, and the images that use them (they are not served). */
    @GET
    @Path("corrupt")
    public Map<String, Object> corrupt() {
        Access.of(security).requireAdmin();
        List<Map<String, Object>> binaries = useCases.binaryIntegrity().corruptBinaries().stream()
                .map(BinaryResource::json).toList();
        return Map.of("binaries", binaries);
    }

    /** Reads every stored binary now and answers what it found; takes as long as reading the store. */
    @POST
    @Path("verification")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> verify() {
        Access access = Access.of(security);
        access.requireAdmin();
        BinaryIntegrityUseCase.VerificationReport report = useCases.binaryIntegrity().verifyAll(access.actor());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checked", report.checked());
        json.put("corrupt", report.corrupt().stream().map(BinaryKey::value).toList());
        return json;
    }

    private static Map<String, Object> json(BinaryIntegrityUseCase.CorruptBinary binary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", binary.key().value());
        json.put("sha256", binary.sha256().hex());
        json.put("size", binary.size());
        json.put("detectedAt", binary.detectedAt().toString());
        json.put("images", binary.images().stream().map(image -> Map.of(
                "projectId", image.projectId().value(), "imageId", image.imageId().toString())).toList());
        return json;
    }
}
