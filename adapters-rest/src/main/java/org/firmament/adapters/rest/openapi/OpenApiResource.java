package org.firmament.adapters.rest.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * REST adapter: {@code GET /openapi.json}, the OpenAPI document of every HTTP surface. It is written
 * by hand (the surfaces keep other services' wire contracts, which no annotation scanner would
 * reproduce), read once at start-up and served as is. Public like {@code /health}: it belongs to
 * no surface, so no surface asks for a credential.
 */
@Path("openapi.json")
public final class OpenApiResource {

    /** The document's location on the class path, beside this class. */
    public static final String DOCUMENT = "openapi.json";

    private final byte[] document;

    private OpenApiResource(byte[] document) {
        this.document = document;
    }

    /**
     * Reads the document from the class path.
     *
     * @throws IllegalStateException when the build left it out, so the server does not start without it
     */
    public static OpenApiResource load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing beside " + OpenApiResource.class.getName());
            }
            return new OpenApiResource(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return document;
    }
}
