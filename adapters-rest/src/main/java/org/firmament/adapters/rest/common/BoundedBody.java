package org.firmament.adapters.rest.common;

import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;

/** REST adapter: reads a small request body whole, refusing (413) one longer than the limit. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(InputStream body, int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new WebApplicationException("request body is larger than " + maxBytes + " bytes", 413);
        }
        return bytes;
    }
}
