package org.firmament.adapters.rest.management;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.application.port.in.PageRequest;
import org.firmament.domain.InvalidValueException;

/**
 * REST adapter, management API: the wire conventions every management resource shares: enum
 * values in lower case, optional and required body fields, and pages of a listing. The device
 * API ({@code /api/devices/v1}) is Firmament's own too and follows the same conventions.
 */
public final class ManagementJson {

    /** The {@code limit} of a listing when the request names none, as a query parameter's default. */
    static final String DEFAULT_LIMIT = "" + PageRequest.DEFAULT_LIMIT;

    private ManagementJson() {
    }

    /** Each enum's wire names by ordinal, made once: a check-in writes two per request. */
    private static final ClassValue<String[]> WIRE_NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    /** An enum value as the wire writes it: {@code FIRMWARE_TYPE} is {@code firmware_type}. */
    public static String name(Enum<?> value) {
        return WIRE_NAMES.get(value.getDeclaringClass())[value.ordinal()];
    }

    /** The constant of {@code type} whose {@link #name} is {@code text}, if any. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /**
     * The body as a JSON object holding no field but {@code allowed}; anything else is a 400 that
     * says which {@code fields} it should hold. Firmament's own API is strict: a misspelt field
     * is an error, not something silently ignored.
     */
    public static JsonBody.Valid object(JsonBody.Parsed parsed, String fields, String... allowed) {
        if (!(parsed instanceof JsonBody.Valid json)) {
            throw new InvalidValueException("body", "The request body must be a JSON object with " + fields);
        }
        List<String> known = List.of(allowed);
        json.object().fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new InvalidValueException(field.length() > 64 ? field.substring(0, 64) : field,
                        "Unknown field; the request body holds only " + String.join(", ", known));
            }
        });
        return json;
    }

    /** For a change (PATCH): the body must name at least one of the fields it may change. */
    static JsonBody.Valid change(JsonBody.Parsed parsed, String fields, String... allowed) {
        JsonBody.Valid json = object(parsed, fields, allowed);
        if (json.object().isEmpty()) {
            throw new InvalidValueException("body", "Nothing to change: the request body holds none of " + fields);
        }
        return json;
    }

    /**
     * Parses a body field into a domain value; when the value breaks its rule, the problem names
     * {@code field} as the client wrote it rather than the domain's name for it (the default
     * channel is a {@code channel} to the domain, a type's name its {@code type}).
     */
    public static <T> T as(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException invalid) {
            String message = invalid.getMessage();
            if (!invalid.field().equals(field) && message.startsWith(invalid.field() + " ")) {
                message = field + message.substring(invalid.field().length());
            }
            throw new InvalidValueException(field, message);
        }
    }

    /** A field that must be a JSON string. */
    public static String requiredText(JsonBody.Valid json, String field) {
        return json.text(field)
                .orElseThrow(() -> new InvalidValueException(field, field + " is required and must be a string"));
    }

    /** A field that, when present, must be a JSON string. */
    public static Optional<String> optionalText(JsonBody.Valid json, String field) {
        if (!json.object().has(field)) {
            return Optional.empty();
        }
        return Optional.of(json.text(field)
                .orElseThrow(() -> new InvalidValueException(field, field + " must be a string")));
    }

    /** A field that, when present, must be {@code true} or {@code false}. */
    static Optional<Boolean> optionalBoolean(JsonBody.Valid json, String field) {
        JsonNode value = json.object().get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidValueException(field, field + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** The {@code offset} or {@code limit} query parameter as a number; its range is the use case's to check. */
    static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw new InvalidValueException(name, name + " must be a whole number");
        }
    }

    static PageRequest page(String offset, String limit) {
        return new PageRequest(number("offset", offset), number("limit", limit));
    }

    /** A page of a listing: {@code {"<items>": [...], "total", "offset", "limit"}}. */
    static Map<String, Object> page(String items, List<?> page, long total, int offset, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(items, page);
        body.put("total", total);
        body.put("offset", offset);
        body.put("limit", limit);
        return body;
    }
}
