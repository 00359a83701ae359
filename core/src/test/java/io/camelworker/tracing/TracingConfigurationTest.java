package io.camelworker.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the SDK is built from worker.tracing.*, the otel.* system properties (as the OTEL_* variables) and the defaults. */
class TracingConfigurationTest {

    @Test
    void exportsSpansOnlyWithOtlpOverHttpToTheEndpointAsTheServiceOfTheApplication() {
        TracingProperties properties = new TracingProperties();
        properties.setEndpoint(URI.create("http://collector.invalid:4318"));
        MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "delete-worker")
                .withProperty("worker.instance-id", "replica-1");

        OpenTelemetrySdk sdk = TracingConfiguration.buildSdk(properties, environment, List.of());
        try {
            assertThat(sdk.getSdkTracerProvider().toString()).contains("OtlpHttpSpanExporter",
                    "http://collector.invalid:4318/v1/traces", "service.name=\"delete-worker\"",
                    "service.instance.id=\"replica-1\"");
            assertThat(sdk.getSdkMeterProvider().toString()).doesNotContain("Otlp");
            assertThat(sdk.getSdkLoggerProvider().toString()).doesNotContain("Otlp");
        } finally {
            sdk.close();
        }
    }

    @Test
    void otelSystemPropertiesApplyWhereWorkerTracingSetsNothing() {
        System.setProperty("otel.exporter.otlp.endpoint", "http://from-otel.invalid:4318");
        System.setProperty("otel.service.name", "from-otel");
        try {
            OpenTelemetrySdk sdk = TracingConfiguration.buildSdk(new TracingProperties(), new MockEnvironment(), List.of());
            try {
                assertThat(sdk.getSdkTracerProvider().toString()).contains("http://from-otel.invalid:4318/v1/traces",
                        "service.name=\"from-otel\"");
            } finally {
                sdk.close();
            }
        } finally {
            System.clearProperty("otel.exporter.otlp.endpoint");
            System.clearProperty("otel.service.name");
        }
    }

    @Test
    void exporterNoneMakesSpansButExportsNone() {
        TracingProperties properties = new TracingProperties();
        properties.setExporter("none");

        OpenTelemetrySdk sdk = TracingConfiguration.buildSdk(properties, new MockEnvironment(), List.of());
        try {
            assertThat(sdk.getSdkTracerProvider().toString()).doesNotContain("Otlp");
        } finally {
            sdk.close();
        }
    }

    @Test
    void grpcIsRefusedAtStartNamingTheVariable() {
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        try {
            assertThatThrownBy(() -> TracingConfiguration.buildSdk(new TracingProperties(), new MockEnvironment(), List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("worker.tracing.enabled=true")
                    .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL")
                    .hasMessageContaining("http/protobuf");
        } finally {
            System.clearProperty("otel.exporter.otlp.protocol");
        }
    }
}
