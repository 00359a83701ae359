package io.camelworker.config;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which route files of a Camel include pattern use an endpoint scheme, read from the files themselves before Camel
 * loads them: a worker's auto-configuration of steps starts only in a process whose routes call them.
 */
public final class RouteSchemes {

    /** A route file is small; reading more of a huge one would only cost start-up time. */
    private static final int MAX_ROUTE_FILE_BYTES = 1 << 20;

    private RouteSchemes() {
    }

    /**
     * The files of {@code includePattern} (Camel's comma-separated locations, without scheme for the classpath) with an
     * endpoint URI of {@code scheme} outside comment lines: {@code scheme:} followed by a step, a path or an option, as
     * in {@code to: storage:transfer} or {@code uri: "archive:extract?allowEmpty=false"}; a YAML key such as
     * {@code storage:} alone is not one.
     */
    public static List<String> filesUsing(String scheme, String includePattern, ResourcePatternResolver resolver)
            throws IOException {
        Pattern uri = Pattern.compile("(?<![\\w.-])" + Pattern.quote(scheme) + ":(?=[^\\s])");
        List<String> files = new ArrayList<>();
        for (String entry : Arrays.stream(includePattern.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList()) {
            for (Resource resource : RouteLocations.resources(entry, resolver)) {
                if (resource.exists() && resource.isReadable() && usesScheme(resource, uri)) {
                    files.add(resource.getFilename());
                }
            }
        }
        return files;
    }

    private static boolean usesScheme(Resource resource, Pattern uri) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            String text = new String(in.readNBytes(MAX_ROUTE_FILE_BYTES), StandardCharsets.UTF_8);
            return text.lines().map(String::strip).filter(line -> !line.startsWith("#"))
                    .anyMatch(line -> uri.matcher(line).find());
        }
    }
}
