package org.firmament.adapters.rest.deviceapi;

import jakarta.ws.rs.core.Response;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.adapters.rest.management.ManagementErrors;

/**
 * REST adapter, device API: every failure as an RFC 9457 problem ({@code application/problem+json}),
 * worded as the management API words it, but for a device and its key.
 */
public final class DeviceApiErrors implements ErrorFormat {

    private final ManagementErrors problems = new ManagementErrors();

    @Override
    public boolean owns(String path) {
        return path.equals("api/devices/v1") || path.startsWith("api/devices/v1/");
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated unauthenticated) {
            return ManagementErrors.problem(401, unauthenticated.reason() == Unauthenticated.Reason.MISSING
                    ? "An Authorization header with the device's key is required"
                    : "The device key is not valid");
        }
        return problems.toResponse(error);
    }
}
