package org.firmament.adapters.rest.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * REST adapter: reads a small JSON request body that must be an object, so each surface can
 * word "not JSON" and "not an object" its own way.
 */
public final class JsonBody {

    /** Metadata bodies are tiny; anything bigger is refused (413) before it is parsed. */
    public static final int MAX_BYTES = 64 * 1024;

    /** The outcome: an object, or why there is none. */
    public sealed interface Parsed {
    }

    public record Valid(ObjectNode object) implements Parsed {

        /** The field when it is a JSON string; empty when absent, null or of another type. */
        public Optional<String> text(String field) {
            JsonNode value = object.get(field);
            return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
        }
    }

    /** The body is empty or not well-formed JSON. */
    public record NotJson() implements Parsed {
    }

    /** The body is JSON, but an array, a string, a number... */
    public record NotAnObject() implements Parsed {
    }

    private JsonBody() {
    }

    public static Parsed read(InputStream body) throws IOException {
        byte[] bytes = BoundedBody.read(body, MAX_BYTES);
        if (bytes.length == 0) {
            return new NotJson();
        }
        JsonNode json;
        try {
            json = JsonMapperProvider.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            return new NotJson();
        }
        return json instanceof ObjectNode object ? new Valid(object) : new NotAnObject();
    }
}
