package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document on its own: well-formed, valid OpenAPI 3.1 by the official
 * schema, and consistent with itself. Whether it matches the server is {@link OpenApiCoverageTest}'s
 * and {@link OpenApiConformanceTest}'s question.
 */
class OpenApiDocumentTest {

    /**
     * The OpenAPI Initiative's JSON Schema for OpenAPI 3.1 documents (Apache License 2.0), saved
     * unchanged. It checks the document's structure, not the JSON Schemas inside it; the
     * conformance test exercises those against real responses.
     */
    private static final String OAS_31_SCHEMA = "/openapi/oas-3.1-schema-2025-11-23.json";
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private final OpenApiDocument document = OpenApiDocument.fromClassPath();

    @Test
    void isAnOpenApi31DocumentWithInfoAndPaths() {
        JsonNode root = document.root();
        assertTrue(root.path("openapi").asText().matches("3\\.1\\.\\d+"), root.path("openapi").toString());
        assertTrue(root.path("info").path("title").isTextual());
        assertTrue(root.path("info").path("version").isTextual());
        assertFalse(document.operations().isEmpty());
    }

    @Test
    void conformsToTheOfficialOpenApi31Schema() {
        assertEquals(List.of(), violations(document.root()));
    }

    @Test
    void theSchemaCheckRejectsABrokenDocument() {
        ObjectNode broken = document.root().deepCopy();
        broken.remove("info");
        ((ObjectNode) broken.get("paths")).putObject("no-leading-slash");
        assertFalse(violations(broken).isEmpty(), "a schema check that passes everything checks nothing");
    }

    @Test
    void everyReferenceResolves() {
        List<String> unresolved = new ArrayList<>();
        collectReferences(document.root(), reference -> {
            if (document.pointer(reference).isEmpty()) {
                unresolved.add(reference);
            }
        });
        assertEquals(List.of(), unresolved);
    }

    @Test
    void everyPathTemplateVariableIsARequiredPathParameterAndNothingElseIs() {
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Operation operation : document.operations()) {
            Set<String> variables = new TreeSet<>();
            Matcher matcher = TEMPLATE_VARIABLE.matcher(operation.path());
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
            Set<String> declared = new TreeSet<>();
            List<JsonNode> parameters = new ArrayList<>();
            document.root().path("paths").path(operation.path()).path("parameters").forEach(parameters::add);
            operation.node().path("parameters").forEach(parameters::add);
            for (JsonNode parameter : parameters) {
                JsonNode resolved = document.resolve(parameter);
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                    if (!resolved.path("required").asBoolean(false)) {
                        problems.add(operation + ": path parameter " + resolved.path("name").asText() + " is not required");
                    }
                }
            }
            if (!variables.equals(declared)) {
                problems.add(operation + ": template variables " + variables + " but path parameters " + declared);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noTwoPathsDifferOnlyInTheirVariableNames() {
        Map<String, String> byShape = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        document.root().path("paths").fieldNames().forEachRemaining(path -> {
            String earlier = byShape.put(ServedRoutes.shape(path), path);
            if (earlier != null) {
                clashes.add(earlier + " and " + path);
            }
        });
        assertEquals(List.of(), clashes);
    }

    @Test
    void everyOperationHasAUniqueIdADeclaredTagAndResponses() {
        Set<String> tags = new HashSet<>();
        document.root().path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        Set<String> operationIds = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Operation operation : document.operations()) {
            if (!operationIds.add(operation.node().path("operationId").asText())) {
                problems.add(operation + ": operationId missing or repeated");
            }
            JsonNode operationTags = operation.node().path("tags");
            if (operationTags.size() != 1 || !tags.contains(operationTags.get(0).asText())) {
                problems.add(operation + ": needs exactly one of the tags " + tags);
            }
            if (operation.node().path("responses").isEmpty()) {
                problems.add(operation + ": no responses");
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<String> violations(JsonNode openApi) {
        try (InputStream schemaJson = OpenApiDocumentTest.class.getResourceAsStream(OAS_31_SCHEMA)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
            Set<ValidationMessage> messages = schema.validate(openApi);
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectReferences(JsonNode node, java.util.function.Consumer<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    references.accept(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }
}
