package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.firmament.adapters.rest.openapi.OpenApiResource;

/**
 * Test support: the OpenAPI document the server serves, and the one question the HTTP tests ask of
 * it: does this real response match what the document promises for that operation?
 */
final class OpenApiDocument {

    /** Where a contributor edits the document. */
    static final String SOURCE = "adapters-rest/src/main/resources/org/firmament/adapters/rest/openapi/openapi.json";

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final String COMPONENT_SCHEMAS = "#/components/schemas/";

    /** One documented operation: {@code method} upper-case, {@code path} as the document writes it. */
    record Operation(String method, String path, JsonNode node) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The document as the adapter ships it on the class path. */
    static OpenApiDocument fromClassPath() {
        return parse(classPathBytes());
    }

    static byte[] classPathBytes() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            assertNotNull(in, OpenApiResource.DOCUMENT + " is not on the class path beside OpenApiResource");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiDocument parse(byte[] json) {
        try {
            return new OpenApiDocument(Http.JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError("the OpenAPI document is not JSON: " + e.getMessage(), e);
        }
    }

    JsonNode root() {
        return root;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (METHODS.contains(entry.getKey())) {
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(), entry.getValue()));
            }
        }));
        return operations;
    }

    Operation operation(String method, String path) {
        return operations().stream().filter(op -> op.method().equals(method) && op.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("the document has no operation " + method + " " + path));
    }

    /** The node a local {@code $ref} points to (following chains), or {@code node} itself. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            if (hops > 10) {
                throw new AssertionError("$ref chain too long at " + node);
            }
            String ref = current.get("$ref").asText();
            current = pointer(ref).orElseThrow(() -> new AssertionError("unresolvable $ref " + ref));
        }
        return current;
    }

    /** The node a local reference ({@code #/a/b}) names, if any. */
    Optional<JsonNode> pointer(String ref) {
        if (!ref.startsWith("#/")) {
            return Optional.empty();
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? Optional.empty() : Optional.of(target);
    }

    /** The operation's security requirements, its own or the document's default. */
    List<JsonNode> security(Operation operation) {
        JsonNode security = operation.node().has("security") ? operation.node().get("security") : root.path("security");
        List<JsonNode> requirements = new ArrayList<>();
        security.forEach(requirements::add);
        return requirements;
    }

    /** Whether a caller without any credential may call the operation at all. */
    boolean isPublic(Operation operation) {
        List<JsonNode> requirements = security(operation);
        return requirements.isEmpty() || requirements.stream().anyMatch(JsonNode::isEmpty);
    }

    /** Whether the operation accepts a credential (and so can refuse a wrong one). */
    boolean acceptsCredential(Operation operation) {
        return security(operation).stream().anyMatch(requirement -> !requirement.isEmpty());
    }

    /**
     * Fails unless {@code response} is one the document lists for the operation: its status
     * explicitly (not merely {@code default}), every header the document marks required, a
     * {@code Content-Type} the document names, and a JSON body that validates against the
     * documented schema.
     */
    void assertDocuments(String method, String path, Http.Response response) {
        Operation operation = operation(method, path);
        String body = new String(response.bytes(), StandardCharsets.UTF_8);
        String status = Integer.toString(response.status());
        JsonNode responses = operation.node().path("responses");
        if (!responses.has(status)) {
            fail(operation + " answered " + status + ", which the document does not list (it lists "
                    + names(responses) + "); body: " + body);
        }
        JsonNode documented = resolve(responses.get(status));
        documented.path("headers").fields().forEachRemaining(header -> {
            if (resolve(header.getValue()).path("required").asBoolean(false)) {
                assertNotNull(response.header(header.getKey()),
                        operation + " " + status + " lacks the required header " + header.getKey());
            }
        });
        JsonNode content = documented.get("content");
        if (content == null || method.equals("HEAD")) {
            if (!method.equals("HEAD")) {
                assertEquals("", body, operation + " " + status + " is documented without a body");
            }
            return;
        }
        String contentType = response.header("Content-Type");
        assertNotNull(contentType, operation + " " + status + " has a body but no Content-Type");
        String mediaType = mediaType(contentType);
        JsonNode media = null;
        for (Iterator<String> names = content.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (mediaType(name).equals(mediaType)) {
                media = content.get(name);
            }
        }
        if (media == null) {
            fail(operation + " " + status + " answered Content-Type " + contentType + "; the document says "
                    + names(content));
        }
        if (media.has("schema") && (mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            List<String> problems = validate(response.json(), media.get("schema"));
            if (!problems.isEmpty()) {
                fail(operation + " " + status + " body " + body + " does not match the documented schema: " + problems);
            }
        }
    }

    /**
     * Validates {@code instance} against a schema of the document. OpenAPI 3.1 schemas are JSON
     * Schema 2020-12; the document's component schemas become {@code $defs} so references resolve.
     */
    List<String> validate(JsonNode instance, JsonNode schema) {
        ObjectNode standalone = (ObjectNode) withDefsReferences(schema.deepCopy());
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("$defs", withDefsReferences(root.path("components").path("schemas").deepCopy()));
        Set<ValidationMessage> messages = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(standalone).validate(instance);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonNode withDefsReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.asText().startsWith(COMPONENT_SCHEMAS)) {
                object.set("$ref", new TextNode("#/$defs/" + ref.asText().substring(COMPONENT_SCHEMAS.length())));
            }
            object.fields().forEachRemaining(field -> withDefsReferences(field.getValue()));
        } else if (node.isArray()) {
            node.forEach(OpenApiDocument::withDefsReferences);
        }
        return node;
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** {@code path} with each template variable replaced by the value {@code values} holds for its name. */
    static String fill(String path, Map<String, String> values) {
        StringBuilder filled = new StringBuilder();
        int at = 0;
        while (at < path.length()) {
            int open = path.indexOf('{', at);
            if (open < 0) {
                filled.append(path, at, path.length());
                break;
            }
            int close = path.indexOf('}', open);
            filled.append(path, at, open);
            String name = path.substring(open + 1, close);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("no test value for path parameter " + name + " of " + path + "; known: "
                        + values.keySet().stream().sorted().collect(Collectors.joining(", ")));
            }
            filled.append(value);
            at = close + 1;
        }
        return filled.toString();
    }
}
