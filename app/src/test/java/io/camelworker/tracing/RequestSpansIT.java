package io.camelworker.tracing;

import io.camelworker.testing.FakeWorkerManager;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing on, on the real broker, with the test playing the Worker Manager: a span for the request (child of the span
 * its {@code traceparent} names) and spans for the route and its steps below it (StepSpansIT: one per step), all in
 * the request's trace; the answers, the dead letter and the new requests name the worker's spans, not the manager's.
 * The spans go to an in-memory exporter and, through OTLP, to a collector that is not there, which must not hold or
 * fail any request.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class RequestSpansIT {

    static final String TYPE = FakeWorkerManager.uniqueType("request-spans");
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String MANAGER_SPAN_ID = "b7ad6b7169203331";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + MANAGER_SPAN_ID + "-01";
    static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final int COLLECTOR_PORT = closedPort();
    static FakeWorkerManager manager;

    @Autowired
    RequestTracing tracing;
    @Autowired
    io.opentelemetry.sdk.OpenTelemetrySdk sdk;

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
        registry.add("worker.send-running", () -> "true");
        registry.add("worker.retry.max-attempts", () -> "1");
        registry.add("worker.tracing.enabled", () -> "true");
        // OTLP to a port where nothing listens: exports fail, requests must not notice.
        registry.add("worker.tracing.endpoint", () -> "http://127.0.0.1:" + COLLECTOR_PORT);
        registry.add("worker.tracing.shutdown-timeout", () -> "1s");
    }

    @TestConfiguration
    static class InMemorySpans {
        /** Every span, as it ends, also to the in-memory exporter. */
        @Bean
        SpanProcessor inMemorySpans() {
            return SimpleSpanProcessor.create(SPANS);
        }

        /** Answers what the log lines of the route carry: the MDC's trace id and span id. */
        @Bean
        Processor logContextEcho() {
            return (Exchange exchange) -> exchange.getMessage().setBody(MDC.get("traceId") + "/" + MDC.get("spanId"));
        }
    }

    @Test
    void spansAreExportedWithOtlpToTheEndpointAndTheInMemoryExporter() {
        assertThat(tracing.isOn()).isTrue();
        assertThat(sdk.getSdkTracerProvider().toString()).contains("BatchSpanProcessor", "OtlpHttpSpanExporter",
                "http://127.0.0.1:" + COLLECTOR_PORT + "/v1/traces", "SimpleSpanProcessor", "InMemorySpanExporter");
    }

    @Test
    void requestSpanIsTheChildOfTheManagersAndTheAnswersNameIt() {
        String id = submit("hello", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        manager.awaitAnswer(id);
        SpanData request = awaitRequestSpan(id);

        assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(request.getParentSpanId()).isEqualTo(MANAGER_SPAN_ID);
        assertThat(request.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(request.getName()).isEqualTo("process " + FakeWorkerManager.requestQueue(TYPE));
        assertThat(request.getAttributes().asMap()).containsValue("success").containsValue(TYPE);
        assertThat(request.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        String workerTraceparent = "00-" + TRACE_ID + "-" + request.getSpanId() + "-01";
        List<FakeWorkerManager.Response> responses = manager.responses(id);
        assertThat(responses).extracting(FakeWorkerManager.Response::status).containsExactly("RUNNING", "SUCCESS");
        assertThat(responses).allSatisfy(response -> assertThat(response.headers())
                .containsEntry("traceparent", workerTraceparent).containsEntry("tracestate", TRACESTATE));
    }

    @Test
    void routeAndStepSpansAreChildrenOfTheRequestSpan() {
        String id = submit("submit", Map.of("traceparent", TRACEPARENT));

        manager.awaitAnswer(id);
        SpanData request = awaitRequestSpan(id);

        List<SpanData> trace = spansUnder(request);
        SpanData route = trace.stream().filter(s -> s.getParentSpanId().equals(request.getSpanId())).findFirst().orElseThrow();
        assertThat(route.getName()).isEqualTo("trace-context");
        assertThat(trace).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
        // The one step of this project's components, named by the step; the choice and setBody EIPs around it have none.
        assertThat(trace).filteredOn(s -> s != route).singleElement().satisfies(step -> {
            assertThat(step.getName()).isEqualTo("regards-request:child-request");
            assertThat(step.getParentSpanId()).isEqualTo(route.getSpanId());
            assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
        });
    }

    @Test
    void newRequestNamesTheStepThatSubmittedIt() {
        String id = submit("submit", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);
        SpanData request = awaitRequestSpan(id);

        FakeWorkerManager.NewRequest submitted = awaitNewRequest(answer.contentText());
        SpanData submitting = spansUnder(request).stream().filter(s -> s.getName().equals("regards-request:child-request"))
                .findFirst().orElseThrow();
        assertThat(submitted.header("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + submitting.getSpanId() + "-01");
        assertThat(submitted.header("tracestate")).isEqualTo(TRACESTATE);
        assertThat(answer.headers()).containsEntry("traceparent", "00-" + TRACE_ID + "-" + request.getSpanId() + "-01");
    }

    @Test
    void deadLetterNamesTheRequestSpanWhichFailed() {
        String id = submit("boom", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(30));
        SpanData request = awaitRequestSpan(id);

        assertThat(deadLetter.headers()).containsEntry("traceparent", "00-" + TRACE_ID + "-" + request.getSpanId() + "-01")
                .containsEntry("tracestate", TRACESTATE);
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                OpenTelemetryRequestTracing.OUTCOME))).isEqualTo("dead_letter");
        assertThat(spansUnder(request)).filteredOn(s -> s.getName().equals("trace-context")).singleElement()
                .satisfies(route -> assertThat(route.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR,
                        "unexpected boom")));
    }

    @Test
    void logLinesNameTheWorkersSpan() {
        String id = submit("log-context", Map.of("traceparent", TRACEPARENT));

        String logged = manager.awaitAnswer(id).contentText();

        assertThat(logged).isEqualTo(TRACE_ID + "/" + awaitRequestSpan(id).getSpanId());
    }

    @Test
    void requestWithoutTraceparentStartsATrace() {
        String id = submit("hello", Map.of());

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);
        SpanData request = awaitRequestSpan(id);

        assertThat(request.getParentSpanContext().isValid()).isFalse();
        assertThat(answer.headers()).containsEntry("traceparent",
                "00-" + request.getTraceId() + "-" + request.getSpanId() + "-01");
    }

    /** The span of the request with this id, once it has ended (when its answer was taken by the broker). */
    private static SpanData awaitRequestSpan(String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> requestSpan(requestId).isPresent());
        return requestSpan(requestId).orElseThrow();
    }

    private static Optional<SpanData> requestSpan(String requestId) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.CONSUMER
                && requestId.equals(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                        "regards.request.id")))).findFirst();
    }

    /** The spans below {@code root} (its children, theirs...), ended by now. */
    private static List<SpanData> spansUnder(SpanData root) {
        List<SpanData> all = SPANS.getFinishedSpanItems();
        List<SpanData> under = new java.util.ArrayList<>();
        java.util.Deque<String> parents = new java.util.ArrayDeque<>(List.of(root.getSpanId()));
        while (!parents.isEmpty()) {
            String parent = parents.pop();
            all.stream().filter(s -> s.getParentSpanId().equals(parent) && s.getTraceId().equals(root.getTraceId()))
                    .forEach(s -> {
                        under.add(s);
                        parents.push(s.getSpanId());
                    });
        }
        return under;
    }

    private static String submit(String body, Map<String, Object> traceHeaders) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", TYPE + "-request");
        headers.putAll(traceHeaders);
        manager.publish(headers, body.getBytes(StandardCharsets.UTF_8));
        return requestId;
    }

    private static FakeWorkerManager.NewRequest awaitNewRequest(String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.newRequests().stream()
                .anyMatch(r -> requestId.equals(r.header("regards.request.id"))));
        return manager.newRequests().stream().filter(r -> requestId.equals(r.header("regards.request.id"))).findFirst()
                .orElseThrow();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
