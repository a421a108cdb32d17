package org.firmament.adapters.rest.downloads;

import jakarta.ws.rs.core.Response;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.adapters.rest.management.ManagementErrors;

/**
 * REST adapter, signed downloads ({@code /downloads/...}): Firmament's own path, so its failures are
 * RFC 9457 problems like the management API's. Public: the signed link is the credential.
 */
public final class DownloadErrors implements ErrorFormat {

    @Override
    public boolean owns(String path) {
        return path.equals(DownloadLinks.PATH) || path.startsWith(DownloadLinks.PATH + "/");
    }

    @Override
    public boolean requiresCredential(String path) {
        return false;
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated) {
            // Only a present but refused credential gets here: a signed link needs none.
            return ManagementErrors.problem(401, "The bearer token is not valid; a signed download link needs none");
        }
        HttpFailure failure = HttpFailure.classify(error);
        return ManagementErrors.problem(failure.status(), failure.message());
    }
}
