package io.camelworker.config;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The route files a worker runs: a {@code worker.routes} value turned into a Camel include pattern, and the entries of a
 * pattern that match no file.
 */
public final class RouteLocations {

    /** The setting users give their routes with. */
    static final String PROPERTY = "worker.routes";

    /** {@link #PROPERTY} as an environment variable. */
    static final String ENVIRONMENT_VARIABLE = "WORKER_ROUTES";

    /** Camel's own setting, which {@link #PROPERTY} sets. */
    static final String CAMEL_PROPERTY = "camel.main.routes-include-pattern";

    /** The files of a routes directory that are routes; other files (a ConfigMap's {@code ..data} link) are left alone. */
    static final String ROUTE_FILES = "*.camel.yaml";

    /** Where the shipped routes are inside the jar. */
    static final String SHIPPED_ROUTES = "classpath:routes/";

    private static final String CLASSPATH = "classpath:";
    private static final String ALL_CLASSPATH = "classpath*:";
    private static final String FILE = "file:";

    private RouteLocations() {
    }

    /**
     * The Camel include pattern of a {@code worker.routes} value: comma-separated directories (their {@value #ROUTE_FILES}),
     * files, or {@code classpath:}/{@code file:} locations, which are taken as they are.
     */
    public static String includePattern(String routes) {
        List<String> patterns = new ArrayList<>();
        for (String entry : routes.split(",")) {
            String location = entry.strip();
            if (location.isEmpty()) {
                continue;
            }
            if (location.startsWith(CLASSPATH) || location.startsWith(FILE)) {
                patterns.add(location);
                continue;
            }
            Path path = Path.of(location).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                patterns.add(FILE + path + "/" + ROUTE_FILES);
            } else if (Files.isRegularFile(path)) {
                patterns.add(FILE + path);
            } else {
                String resolved = path.toString().equals(location) ? "" : " (looked for " + path + ")";
                throw new RoutesNotFoundException(PROPERTY, routes, "'" + location + "' is no file or directory" + resolved);
            }
        }
        if (patterns.isEmpty()) {
            throw new RoutesNotFoundException(PROPERTY, routes, "it names no directory or file");
        }
        return String.join(",", patterns);
    }

    /** The entries of a Camel include pattern that match no existing file; entries without a scheme are classpath ones. */
    static List<String> unmatched(String includePattern, ResourcePatternResolver resolver) {
        return Arrays.stream(includePattern.split(",")).map(String::strip).filter(entry -> !entry.isEmpty())
                .filter(entry -> !matchesAFile(entry, resolver)).toList();
    }

    /** The names of the routes the jar ships, for error messages. */
    static List<String> shippedRoutes(ResourcePatternResolver resolver) {
        try {
            return Arrays.stream(resolver.getResources("classpath*:routes/" + ROUTE_FILES)).map(Resource::getFilename)
                    .filter(Objects::nonNull).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matchesAFile(String entry, ResourcePatternResolver resolver) {
        try {
            return Arrays.stream(resources(entry, resolver)).anyMatch(Resource::exists);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The files an entry of a Camel include pattern names, found as Camel finds them: an entry without a scheme is a
     * classpath one, and a classpath pattern looks in every jar and directory of the class path ({@code classpath*:}).
     */
    static Resource[] resources(String entry, ResourcePatternResolver resolver) throws IOException {
        String location = entry.startsWith(FILE) || entry.startsWith(CLASSPATH) || entry.startsWith(ALL_CLASSPATH)
                ? entry : CLASSPATH + entry;
        if (location.startsWith(ALL_CLASSPATH)) {
            return resolver.getResources(location);
        }
        if (location.indexOf('*') < 0 && location.indexOf('?') < 0) {
            return new Resource[]{resolver.getResource(location)};
        }
        String search = location.startsWith(CLASSPATH) ? ALL_CLASSPATH + location.substring(CLASSPATH.length()) : location;
        return resolver.getResources(search);
    }
}
