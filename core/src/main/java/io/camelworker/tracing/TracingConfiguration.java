package io.camelworker.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tracing, only with {@code worker.tracing.enabled=true}: an OpenTelemetry SDK built by its autoconfigure module (so
 * that the standard {@code OTEL_*} variables apply), whose {@link Tracer} and W3C {@link ContextPropagators} beans
 * camel-opentelemetry2 takes (it looks them up by type) for the spans of the route and its steps, and the
 * {@link RequestTracing} that makes the span of each request. Off, none of these beans exists: no SDK, no exporter, no
 * thread, and {@code camel.opentelemetry2.enabled} (which follows {@code worker.tracing.enabled} in application.yml)
 * keeps Camel's tracer out.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    /** The instrumentation scope of the worker's spans, the request's and Camel's. */
    static final String SCOPE = "io.camelworker";

    private static final String PROTOCOL = "otel.exporter.otlp.protocol";
    private static final String TRACES_PROTOCOL = "otel.exporter.otlp.traces.protocol";
    private static final String HTTP_PROTOBUF = "http/protobuf";

    private static final Logger LOG = LoggerFactory.getLogger(TracingConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "worker.tracing.enabled", havingValue = "true")
    static class TracingOn {

        /**
         * The SDK, from the {@code OTEL_*} variables and {@code otel.*} system properties over the worker's defaults
         * (service name, HTTP/protobuf), with {@code worker.tracing.*} over both; spans only (no SDK metrics or logs);
         * every {@link SpanProcessor} bean is added too. Closed by {@link #tracingShutdown}, not by a JVM hook of its own.
         */
        @Bean(destroyMethod = "")
        OpenTelemetrySdk workerOpenTelemetry(TracingProperties properties, Environment environment,
                                             ObjectProvider<SpanProcessor> processors) {
            OpenTelemetrySdk sdk = buildSdk(properties, environment, processors.orderedStream().toList());
            LOG.info("Tracing on: spans of each request and its steps{}", properties.getEndpoint() == null ? ""
                    : ", exported to " + properties.getEndpoint());
            return sdk;
        }

        @Bean
        DisposableBean tracingShutdown(OpenTelemetrySdk sdk, TracingProperties properties) {
            return () -> sdk.shutdown().join(properties.getShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Camel's tracer (camel-opentelemetry2) takes the single Tracer bean of the registry. */
        @Bean
        Tracer workerTracer(OpenTelemetrySdk sdk) {
            return sdk.getTracer(SCOPE);
        }

        /**
         * W3C Trace Context alone, for Camel's tracer too: the REGARDS protocol carries {@code traceparent} and
         * {@code tracestate} and nothing else (OTEL_PROPAGATORS does not apply).
         */
        @Bean
        ContextPropagators workerPropagators() {
            return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
        }

        @Bean
        RequestTracing requestTracing(Tracer tracer) {
            return new OpenTelemetryRequestTracing(tracer);
        }
    }

    /**
     * The SDK, from the {@code OTEL_*} variables and {@code otel.*} system properties over the worker's defaults
     * (service name, HTTP/protobuf), with {@code worker.tracing.*} over both; spans only (no SDK metrics or logs), also
     * to {@code processors}; no JVM shutdown hook of its own (the application closes it).
     *
     * @throws IllegalStateException naming the setting, when the SDK cannot be configured from these settings
     */
    static OpenTelemetrySdk buildSdk(TracingProperties properties, Environment environment, List<SpanProcessor> processors) {
        try {
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> defaults(environment))
                    .addPropertiesCustomizer(config -> {
                        Map<String, String> overrides = overrides(properties);
                        checkProtocol(overrides.getOrDefault(TRACES_PROTOCOL, config.getString(TRACES_PROTOCOL,
                                overrides.getOrDefault(PROTOCOL, config.getString(PROTOCOL)))));
                        return overrides;
                    })
                    .addTracerProviderCustomizer((builder, config) -> {
                        processors.forEach(builder::addSpanProcessor);
                        return builder;
                    })
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            throw new IllegalStateException("worker.tracing.enabled=true, but the OpenTelemetry SDK cannot be configured from "
                    + "worker.tracing.*, the OTEL_* variables and otel.* system properties: " + e.getMessage(), e);
        }
    }

    /** The exporter sends with the JDK's HTTP client: gRPC would need OkHttp or grpc-java, which are not there. */
    private static void checkProtocol(String protocol) {
        if (protocol != null && !protocol.equals(HTTP_PROTOBUF)) {
            throw new ConfigurationException("OTLP protocol '" + protocol + "' (OTEL_EXPORTER_OTLP_PROTOCOL, "
                    + "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) is not available: the worker exports OTLP over " + HTTP_PROTOBUF
                    + " (a collector's port 4318); unset it or set it to " + HTTP_PROTOBUF);
        }
    }

    /** Below the OTEL_* variables and otel.* system properties. */
    static Map<String, String> defaults(Environment environment) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", environment.getProperty("spring.application.name", "camel-worker"));
        defaults.put(PROTOCOL, HTTP_PROTOBUF);
        String instanceId = environment.getProperty("worker.instance-id");
        if (instanceId != null && !instanceId.isBlank()) {
            defaults.put("otel.resource.attributes", "service.instance.id=" + instanceId);
        }
        return defaults;
    }

    /** Over everything: worker.tracing.* when set, and spans only (nothing of the worker uses the SDK's metrics or logs). */
    static Map<String, String> overrides(TracingProperties properties) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("otel.metrics.exporter", "none");
        overrides.put("otel.logs.exporter", "none");
        if (properties.getExporter() != null) {
            overrides.put("otel.traces.exporter", properties.getExporter());
        }
        if (properties.getEndpoint() != null) {
            overrides.put("otel.exporter.otlp.endpoint", properties.getEndpoint().toString());
            overrides.put(PROTOCOL, HTTP_PROTOBUF);
            overrides.put(TRACES_PROTOCOL, HTTP_PROTOBUF);
        }
        return overrides;
    }
}
