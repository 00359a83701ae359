package io.camelworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The worker service: runs the YAML routes selected by {@code camel.main.routes-include-pattern}.
 *
 * <p>Spring Boot's own OpenTelemetry beans are left out: they would come with the SDK that tracing brings, on or off (an
 * SDK and a log-export thread); the worker builds its own, only with {@code worker.tracing.enabled}
 * ({@code io.camelworker.tracing.TracingConfiguration}). Excluded here rather than with {@code spring.autoconfigure.exclude}
 * in application.yml, which S3Mock's test context also reads and sets for itself.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration"})
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
