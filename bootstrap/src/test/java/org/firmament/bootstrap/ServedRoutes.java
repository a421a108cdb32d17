package org.firmament.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.Path;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.firmament.adapters.rest.RestApplication;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.BinaryResponse;
import org.firmament.adapters.rest.downloads.DownloadLinks;
import org.firmament.application.port.out.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Test support: every (method, path template) the server routes, read from Jersey's resource model
 * of the application {@link RestApplication#create} builds, the one the server runs. Only methods
 * a resource declares count: the HEAD Jersey derives from each GET and the OPTIONS it answers
 * everywhere are not routes anyone wrote.
 */
final class ServedRoutes {

    /** A declared route; {@code declaredBy} names the Java method, for messages. */
    record Route(String method, String template, String declaredBy) {

        /** The template with every variable's name (and regular expression) dropped: {@code /image/{}/binary}. */
        String shape() {
            return ServedRoutes.shape(template);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private ServedRoutes() {
    }

    static List<Route> all() {
        ResourceConfig application = RestApplication.create(useCasesThatAreNeverCalled(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new DownloadLinks(Optional.empty(),
                        "a-signing-key-that-is-never-used-0123456789", Duration.ofHours(1), Clock.system()),
                BinaryResponse.DownloadMode.PROXY, Optional.empty());
        List<Resource> resources = new ArrayList<>(application.getResources());
        Stream.concat(application.getInstances().stream().map(Object::getClass), application.getClasses().stream())
                .filter(type -> type.isAnnotationPresent(Path.class))
                .map(Resource::from)
                .forEach(resources::add);
        List<Route> routes = new ArrayList<>();
        for (Resource resource : resources) {
            collect(resource, "", routes);
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    private static void collect(Resource resource, String parent, List<Route> routes) {
        String template = join(parent, resource.getPath());
        if (resource.getResourceLocator() != null) {
            // A locator's sub-resources are chosen at run time, so no static table can list them.
            throw new AssertionError("sub-resource locator at " + template + " ("
                    + declaredBy(resource.getResourceLocator()) + "): declare its routes as resource methods, "
                    + "or teach ServedRoutes to list them, so /openapi.json coverage stays checked");
        }
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod().toUpperCase(Locale.ROOT), template, declaredBy(method)));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, template, routes);
        }
    }

    private static String declaredBy(ResourceMethod method) {
        Method java = method.getInvocable().getDefinitionMethod();
        return java.getDeclaringClass().getSimpleName() + "#" + java.getName();
    }

    private static String join(String parent, String path) {
        String joined = parent + "/" + (path == null ? "" : path);
        joined = joined.replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /**
     * The template with every variable reduced to {@code {}}, so that {@code /image/{imageId}} and
     * {@code /image/{id: [0-9a-f-]+}} compare equal; a trailing slash is dropped, as Jersey
     * serves both forms.
     */
    static String shape(String template) {
        StringBuilder shape = new StringBuilder();
        int depth = 0;
        for (char c : template.toCharArray()) {
            if (c == '{') {
                if (depth++ == 0) {
                    shape.append("{}");
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                shape.append(c);
            }
        }
        String path = shape.toString();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Building the application calls no use case, so each in-port is a stand-in that fails if
     * called. Taken from the record's components, so a use case added later needs no change here.
     */
    private static RestUseCases useCasesThatAreNeverCalled() {
        RecordComponent[] components = RestUseCases.class.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] stubs = Arrays.stream(types).map(ServedRoutes::neverCalled).toArray();
        try {
            Constructor<RestUseCases> canonical = RestUseCases.class.getDeclaredConstructor(types);
            return canonical.newInstance(stubs);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build RestUseCases from stand-ins", e);
        }
    }

    private static Object neverCalled(Class<?> port) {
        return Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "never-called " + port.getSimpleName();
                };
            }
            throw new UnsupportedOperationException(port.getSimpleName() + "." + method.getName()
                    + " was called while only building the route table");
        });
    }
}
