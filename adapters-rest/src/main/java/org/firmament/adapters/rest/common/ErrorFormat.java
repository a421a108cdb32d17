package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.Response;

/**
 * REST adapter: how one API surface writes its errors. Each surface translates every failure in
 * exactly one place, its implementation of this interface.
 */
public interface ErrorFormat {

    /** Whether a request to {@code path} (no leading slash) belongs to this surface. */
    boolean owns(String path);

    /**
     * Whether a request to {@code path}, one this surface owns, needs a credential. Most paths do;
     * a surface names its public ones (seed 003's version query and download, for example).
     */
    default boolean requiresCredential(String path) {
        return true;
    }

    /** The surface's response for {@code error}, which may be any exception a request raised. */
    Response toResponse(Throwable error);
}
