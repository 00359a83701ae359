package io.camelworker.tracing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * Spans of the requests and of their steps, under {@code worker.tracing.*}; off by default. The OpenTelemetry SDK reads
 * the standard {@code OTEL_*} variables (and {@code otel.*} system properties) for everything not set here.
 */
@ConfigurationProperties("worker.tracing")
@Validated
public class TracingProperties {

    /** Make spans (a span per request, and a child per route step through camel-opentelemetry2) and export them. */
    private boolean enabled;

    /**
     * Where spans go: "otlp" (OTLP over HTTP/protobuf to worker.tracing.endpoint) or "none" (spans made and their ids
     * passed on, but not exported); when unset, OTEL_TRACES_EXPORTER, else otlp.
     */
    @Pattern(regexp = "otlp|none", message = "must be 'otlp' or 'none'")
    private String exporter;

    /**
     * OTLP/HTTP base URL of the collector (the spans go to its /v1/traces), e.g. http://otel-collector:4318; when unset,
     * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), else http://localhost:4318.
     */
    private URI endpoint;

    /** How long the worker's stop waits for the last spans to be exported (an absent collector must not hold it longer). */
    @NotNull
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getExporter() {
        return exporter;
    }

    public void setExporter(String exporter) {
        this.exporter = exporter;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }
}
