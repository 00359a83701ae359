package io.camelworker.tracing;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

import java.util.Set;

/**
 * Leaves Spring Boot's own OpenTelemetry auto-configuration out of every worker, whatever its application class (a user's
 * {@code @SpringBootApplication} as much as {@code WorkerApplication}): it would build an SDK and a log-export thread as
 * soon as the SDK's classes are on the class path, on or off; the worker builds its own, only with
 * {@code worker.tracing.enabled} ({@link TracingConfiguration}). A filter rather than {@code spring.autoconfigure.exclude},
 * which an application's own exclusions would replace, and which S3Mock's test context sets for itself.
 */
class SpringBootOpenTelemetryFilter implements AutoConfigurationImportFilter {

    private static final Set<String> EXCLUDED = Set.of(
            "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration");

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            // An earlier filter's rejections come as null.
            String candidate = autoConfigurationClasses[i];
            matches[i] = candidate == null || !EXCLUDED.contains(candidate);
        }
        return matches;
    }
}
