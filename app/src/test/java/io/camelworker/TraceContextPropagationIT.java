package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request's W3C trace context ({@code traceparent}, {@code tracestate}) on the real broker, with the test playing
 * the Worker Manager: carried onto its RUNNING and final answers, its dead letter and the new requests it submits; an
 * invalid one and an absent one add nothing.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TraceContextPropagationIT {

    static final String TYPE = FakeWorkerManager.uniqueType("trace-context");
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
    static FakeWorkerManager manager;

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
    }

    @TestConfiguration
    static class LogContextConfiguration {
        /** Answers what the log lines of the route carry: the MDC's trace id and span id. */
        @Bean
        Processor logContextEcho() {
            return (Exchange exchange) -> exchange.getMessage().setBody(MDC.get("traceId") + "/" + MDC.get("spanId"));
        }
    }

    @Test
    void runningAndFinalAnswersCarryTheRequestsTraceContext() {
        String id = submit("hello", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        manager.awaitAnswer(id);

        List<FakeWorkerManager.Response> responses = manager.responses(id);
        assertThat(responses).extracting(FakeWorkerManager.Response::status).containsExactly("RUNNING", "SUCCESS");
        assertThat(responses).allSatisfy(response -> assertThat(response.headers())
                .containsEntry("traceparent", TRACEPARENT).containsEntry("tracestate", TRACESTATE));
    }

    @Test
    void deadLetterKeepsTheRequestsTraceContext() {
        String id = submit("boom", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(30));

        assertThat(deadLetter.headers()).containsEntry("traceparent", TRACEPARENT).containsEntry("tracestate", TRACESTATE);
    }

    @Test
    void newRequestIsSubmittedInTheRequestsTrace() {
        String id = submit("submit", Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        FakeWorkerManager.NewRequest submitted = awaitNewRequest(answer.contentText());
        assertThat(submitted.header("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(submitted.header("tracestate")).isEqualTo(TRACESTATE);
        assertThat(answer.headers()).containsEntry("traceparent", TRACEPARENT);
    }

    @Test
    void logLinesOfTheRequestCarryItsTraceIdAndTheSpanThatSentIt() {
        String id = submit("log-context", Map.of("traceparent", TRACEPARENT));

        assertThat(manager.awaitAnswer(id).contentText()).isEqualTo("0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331");
    }

    @Test
    void invalidTraceparentIsNotPassedOnNorItsTracestate() {
        String upperCase = TRACEPARENT.toUpperCase();
        String id = submit("submit", Map.of("traceparent", upperCase, "tracestate", TRACESTATE));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        FakeWorkerManager.NewRequest submitted = awaitNewRequest(answer.contentText());
        assertThat(submitted.headers()).doesNotContainKeys("traceparent", "tracestate");
        assertThat(manager.responses(id)).hasSize(2).allSatisfy(response -> assertThat(response.headers())
                .doesNotContainKeys("traceparent", "tracestate"));
        String logged = submit("log-context", Map.of("traceparent", upperCase + "\n"));
        assertThat(manager.awaitAnswer(logged).contentText()).isEqualTo("null/null");
    }

    @Test
    void requestWithoutTraceparentGetsNoneAdded() {
        String id = submit("submit", Map.of());

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(awaitNewRequest(answer.contentText()).headers()).doesNotContainKeys("traceparent", "tracestate");
        assertThat(manager.responses(id)).hasSize(2).allSatisfy(response -> assertThat(response.headers())
                .doesNotContainKeys("traceparent", "tracestate"));
        String failed = submit("boom", Map.of());
        assertThat(manager.awaitDeadLetter(failed, Duration.ofSeconds(30)).headers()).doesNotContainKeys("traceparent", "tracestate");
    }

    /** Submits a request as the manager does, with these headers besides the REGARDS ones. */
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
}
