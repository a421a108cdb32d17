package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} documents exactly the routes the server has: every route a resource
 * declares is documented, and every documented operation is served. A new endpoint fails the
 * build here until the document describes it.
 */
class OpenApiCoverageTest {

    private final List<ServedRoutes.Route> served = ServedRoutes.all();
    private final OpenApiDocument document = OpenApiDocument.fromClassPath();

    @Test
    void theRouteTableIsReadFromTheApplicationTheServerRuns() {
        Set<String> routes = served.stream().map(ServedRoutes.Route::toString).collect(Collectors.toSet());
        for (String expected : List.of("GET /health", "GET /openapi.json", "POST /image/{imageId}/binary",
                "PATCH /api/v1/firmware", "GET /v1/ota/device/download/{deviceIdAndToken}")) {
            assertTrue(routes.contains(expected), expected + " is missing from the route table " + routes);
        }
    }

    @Test
    void everyRouteTheServerHasIsDocumented() {
        Set<String> documented = document.operations().stream()
                .map(operation -> operation.method() + " " + ServedRoutes.shape(operation.path()))
                .collect(Collectors.toSet());
        List<ServedRoutes.Route> missing = served.stream()
                .filter(route -> !documented.contains(route.method() + " " + route.shape()))
                .toList();
        if (!missing.isEmpty()) {
            fail(missing.size() + " route(s) the server has are not in /openapi.json. Add each one to \"paths\" in "
                    + OpenApiDocument.SOURCE + " (parameters, request body, every response with the surface's "
                    + "error format, security, one tag), and mention it in docs/api/:\n"
                    + missing.stream().map(route -> "  " + route + "    -> paths[\"" + route.template() + "\"]."
                            + route.method().toLowerCase(Locale.ROOT) + "    (declared by " + route.declaredBy() + ")")
                    .collect(Collectors.joining("\n")));
        }
    }

    @Test
    void everyDocumentedOperationIsServed() {
        Set<String> routes = served.stream().map(route -> route.method() + " " + route.shape())
                .collect(Collectors.toSet());
        List<OpenApiDocument.Operation> unserved = document.operations().stream()
                .filter(operation -> !isServed(operation, routes))
                .toList();
        if (!unserved.isEmpty()) {
            fail(unserved.size() + " operation(s) in " + OpenApiDocument.SOURCE + " match no route of the server "
                    + "(removed or renamed, or a typo in the path); fix or remove them:\n"
                    + unserved.stream().map(operation -> "  " + operation).collect(Collectors.joining("\n")));
        }
    }

    /** Jersey answers HEAD from the GET of the same path, so a documented HEAD needs either. */
    private static boolean isServed(OpenApiDocument.Operation operation, Set<String> routes) {
        String shape = ServedRoutes.shape(operation.path());
        return routes.contains(operation.method() + " " + shape)
                || (operation.method().equals("HEAD") && routes.contains("GET " + shape));
    }
}
