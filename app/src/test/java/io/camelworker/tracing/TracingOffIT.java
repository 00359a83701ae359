package io.camelworker.tracing;

import io.camelworker.runtime.WorkerRuntime;
import io.camelworker.testing.FakeWorkerManager;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing off, as by default: no OpenTelemetry SDK, tracer, span processor or exporter in the application (so no
 * thread of theirs), neither the worker's nor Spring Boot's; Camel has no tracer; the answers carry the request's
 * {@code traceparent} as it came (TraceContextPropagationIT covers the rest of that).
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TracingOffIT {

    static final String TYPE = FakeWorkerManager.uniqueType("tracing-off");
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static FakeWorkerManager manager;

    @Autowired
    ApplicationContext context;
    @Autowired
    CamelContext camelContext;
    @Autowired
    WorkerRuntime runtime;

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/trace-context.camel.yaml");
        registry.add("test.trace.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
    }

    @TestConfiguration
    static class RouteBeans {
        @Bean
        Processor logContextEcho() {
            return (Exchange exchange) -> exchange.getMessage().setBody(MDC.get("traceId") + "/" + MDC.get("spanId"));
        }
    }

    @Test
    void noTracerNoSdkNoExporter() {
        assertThat(context.getBeanNamesForType(OpenTelemetry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Tracer.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ContextPropagators.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SpanProcessor.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SdkLoggerProvider.class)).isEmpty();
        assertThat(context.getBeanNamesForType(LogRecordProcessor.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.apache.camel.telemetry.Tracer.class)).isEmpty();
        assertThat(camelContext.hasService(org.apache.camel.telemetry.Tracer.class)).isNull();
        assertThat(context.getBeanNamesForType(RequestTracing.class)).isEmpty();
        assertThat(runtime.tracing()).isSameAs(RequestTracing.OFF);
    }

    @Test
    void answerCarriesTheIncomingTraceparent() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", id);
        headers.put("regards.request.content_type", TYPE + "-request");
        headers.put("traceparent", TRACEPARENT);
        manager.publish(headers, "log-context".getBytes(StandardCharsets.UTF_8));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.headers()).containsEntry("traceparent", TRACEPARENT);
        assertThat(answer.contentText()).isEqualTo("0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331");
    }
}
