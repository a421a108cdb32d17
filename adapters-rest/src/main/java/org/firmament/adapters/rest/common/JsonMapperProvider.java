package org.firmament.adapters.rest.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** REST adapter: the one Jackson configuration every surface shares. */
@Provider
public final class JsonMapperProvider implements ContextResolver<ObjectMapper> {

    /** Shared, thread-safe once configured; resources that parse bodies by hand use it too. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key given twice is ambiguous (which one wins differs between parsers): refuse it.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MAPPER;
    }
}
