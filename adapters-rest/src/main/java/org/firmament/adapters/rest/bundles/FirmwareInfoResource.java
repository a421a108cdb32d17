package org.firmament.adapters.rest.bundles;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.Access;
import org.firmament.adapters.rest.common.Forbidden;
import org.firmament.adapters.rest.common.PathIds;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.access.Principal;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.device.Device;

/**
 * REST adapter, bundles surface: seed 002's Firmware Info object. A device reports the bundle it
 * has installed ({@code PUT}, with its own key); the device and operators read it back ({@code GET}).
 */
@Path("devices/{deviceId}/firmwareInfo")
@Produces(MediaType.APPLICATION_JSON)
public final class FirmwareInfoResource {

    private final RestUseCases useCases;

    @Context
    private SecurityContext security;

    public FirmwareInfoResource(RestUseCases useCases) {
        this.useCases = useCases;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> report(@PathParam("deviceId") String deviceId, InputStream body) throws IOException {
        Device device = ownDevice(Access.of(security), deviceId);
        JsonBody.Parsed parsed = JsonBody.read(body);
        if (!(parsed instanceof JsonBody.Valid json)) {
            throw new InvalidValueException("body", "The request body must be a JSON object with bundleId");
        }
        BundleId installed = BundleId.of(json.text("bundleId")
                .orElseThrow(() -> new InvalidValueException("bundleId", "bundleId is required and must be a string")));
        Device stored = useCases.reportFirmwareInfo().reportInstalled(device, installed);
        return firmwareInfo(stored.installedBundle());
    }

    /** The device itself, or an operator of the project the caller works on. */
    @GET
    public Map<String, Object> read(@PathParam("deviceId") String deviceId) {
        Access access = Access.of(security);
        if (access.principal().isOperator()) {
            return firmwareInfo(useCases.reportFirmwareInfo().installedBundle(access.readableProject(),
                    PathIds.device(deviceId)));
        }
        // Read back rather than taken from the caller: the authenticated device may be a cached copy.
        Device device = ownDevice(access, deviceId);
        return firmwareInfo(useCases.reportFirmwareInfo().installedBundle(device.projectId(), device.id()));
    }

    /** A device may only speak for itself; anything about another device is "not found". */
    private static Device ownDevice(Access access, String deviceId) {
        if (access.principal() instanceof Principal.Nobody) {
            throw new Unauthenticated(Unauthenticated.Reason.MISSING);
        }
        Device device = access.device()
                .orElseThrow(() -> new Forbidden("Only the device itself reports its firmware"));
        if (!device.id().value().equals(deviceId)) {
            throw new NotFoundException(NotFoundException.Subject.DEVICE, deviceId);
        }
        return device;
    }

    private static Map<String, Object> firmwareInfo(Optional<BundleId> installed) {
        Map<String, Object> json = new HashMap<>();
        json.put("bundleId", installed.map(BundleId::value).orElse(null));
        return json;
    }
}
