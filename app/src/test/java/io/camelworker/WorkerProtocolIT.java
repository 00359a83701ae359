package io.camelworker;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runtime against the real broker, with the test playing the Worker Manager: how each outcome of a route is
 * answered, the heartbeat, dead-lettering, workflow headers and new requests.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WorkerProtocolIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Outcomes-Worker");
    /** Before the worker's context starts: its first heartbeats may have arrived before a test method begins. */
    static final Instant CLASS_LOADED = Instant.now();
    static FakeWorkerManager manager;

    @BeforeAll
    static void managerDeclaresFirst() {
        // The manager's topology exists before the worker starts: the worker's own declaration must accept it.
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/outcomes.camel.yaml");
        registry.add("test.outcomes.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1,project2");
        registry.add("worker.heartbeat-interval", () -> "1s");
        registry.add("worker.send-running", () -> "true");
        registry.add("worker.retry.max-attempts", () -> "3");
        registry.add("worker.retry.initial-interval", () -> "50ms");
    }

    @TestConfiguration
    static class FlakyStepConfiguration {
        /** Fails the first attempt of each request, then succeeds. */
        @Bean
        Processor flakyStep() {
            Map<String, Integer> attempts = new ConcurrentHashMap<>();
            return (Exchange exchange) -> {
                int attempt = attempts.merge(exchange.getMessage().getHeader("regards.request.id", String.class), 1, Integer::sum);
                if (attempt == 1) {
                    throw new IllegalStateException("first attempt fails");
                }
                exchange.getMessage().setBody("recovered at attempt " + attempt);
            };
        }
    }

    @Test
    void routeEndingNormallyIsAnsweredSuccessWithBodyAsBase64ContentAndCopiedHeaders() {
        String id = manager.submit("hello");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentText()).isEqualTo("echo:hello");
        assertThat(answer.body().get("content").asText()).isEqualTo("ZWNobzpoZWxsbw==");
        assertThat(answer.tenant()).isEqualTo("project1");
        assertThat(answer.headers()).containsEntry("regards.request.id", id)
                .containsEntry("regards.request.owner", "test-owner")
                .containsEntry("regards.request.session", "test-session");
        assertThat(answer.properties().getContentType()).isEqualTo("application/json");
        assertThat(answer.properties().getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void runningIsSentAndConfirmedBeforeTheAnswer() {
        String id = manager.submit("ordered");

        manager.awaitAnswer(id);

        assertThat(manager.responses(id)).extracting(FakeWorkerManager.Response::status).containsExactly("RUNNING", "SUCCESS");
    }

    @Test
    void invalidContentExceptionIsAnsweredInvalidContentWithoutRetry() {
        String id = manager.submit("invalid");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("field 'x' must be positive");
        assertThat(answer.body().has("content")).isFalse();
        assertThat(manager.responses(id)).hasSize(2);
    }

    @Test
    void processingErrorExceptionIsAnsweredError() {
        String id = manager.submit("error");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).containsExactly("source file is missing");
    }

    @Test
    void unexpectedFailureIsRetriedThenDeadLetteredWithStackTraceAndOriginalHeaders() {
        String id = manager.submit("boom");

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(30));

        assertThat(deadLetter.stacktrace()).startsWith("java.lang.IllegalStateException: unexpected boom").contains("\tat ");
        assertThat(deadLetter.headers()).containsEntry("regards.tenant", "project1")
                .containsEntry("regards.request.owner", "test-owner");
        assertThat(new String(deadLetter.body(), StandardCharsets.UTF_8)).isEqualTo("boom");
        assertThat(manager.answers(id)).isEmpty();
    }

    @Test
    void unexpectedFailureThatRecoversOnRetryIsAnsweredSuccess() {
        String id = manager.submit("flaky");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentText()).isEqualTo("recovered at attempt 2");
    }

    @Test
    void emptyBodyGivesSuccessWithoutContent() {
        String id = manager.submit("empty");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.body().has("content")).isFalse();
    }

    @Test
    void stepsReadRequestHeadersAndSetAdditionalHeadersForTheNextWorkflowStep() throws Exception {
        String id = manager.submit("project2", "chain");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.additionalHeaders()).containsExactly(Map.entry("nextStorage", "LTA"));
        JsonNode content = answer.contentJson();
        assertThat(content.get("tenant").asText()).isEqualTo("project2");
        assertThat(content.get("owner").asText()).isEqualTo("test-owner");
        assertThat(content.get("type").asText()).isEqualTo(TYPE);
        assertThat(answer.tenant()).isEqualTo("project2");
    }

    @Test
    void aRouteSubmitsANewRequestToTheManagerWithAllFiveHeaders() {
        String id = manager.submit("submit");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        String newId = answer.contentText();
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.newRequests().stream()
                .anyMatch(r -> newId.equals(r.header("regards.request.id"))));
        FakeWorkerManager.NewRequest submitted = manager.newRequests().stream()
                .filter(r -> newId.equals(r.header("regards.request.id"))).findFirst().orElseThrow();
        assertThat(submitted.headers()).containsEntry("regards.tenant", "project1")
                .containsEntry("regards.request.owner", "test-owner")
                .containsEntry("regards.request.session", "test-session")
                .containsEntry("regards.request.content_type", "child-request");
        assertThat(new String(submitted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"child\":true}");
        assertThat(newId).isNotEqualTo(id);
    }

    @Test
    void requestWithoutRequestIdIsDeadLetteredNotLost() {
        manager.publish(Map.of("regards.tenant", "project1", "marker", "no-id"), "hello".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).until(() -> manager.allDeadLetters().stream()
                .anyMatch(d -> "no-id".equals(d.headers().get("marker"))));
        FakeWorkerManager.DeadLetter deadLetter = manager.allDeadLetters().stream()
                .filter(d -> "no-id".equals(d.headers().get("marker"))).findFirst().orElseThrow();
        assertThat(deadLetter.stacktrace()).contains("regards.request.id");
    }

    @Test
    void heartbeatIsSentForEachTenantWithExactTypeAndRecentDate() {
        Instant before = CLASS_LOADED.minusSeconds(5);

        FakeWorkerManager.Heartbeat first = manager.awaitHeartbeat(h -> TYPE.equals(h.type())
                && "project2".equals(h.headers().get("regards.tenant")), Duration.ofSeconds(10));

        assertThat(first.body().fieldNames()).toIterable().containsExactlyInAnyOrder("id", "type", "heartBeatDate");
        assertThat(first.id()).isNotBlank();
        assertThat(Instant.parse(first.body().get("heartBeatDate").asText())).isAfter(before);
        assertThat(first.properties().getContentType()).isEqualTo("application/json");
        assertThat(manager.heartbeats()).anyMatch(h -> TYPE.equals(h.type()) && "project1".equals(h.headers().get("regards.tenant")));
        // Every interval (1 s here) a new one arrives.
        long count = manager.heartbeats().stream().filter(h -> TYPE.equals(h.type())).count();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                manager.heartbeats().stream().filter(h -> TYPE.equals(h.type())).count() >= count + 2);
    }

    @Test
    void theManagerDeclaringItsTopologyAfterTheWorkerGetsNoPreconditionFailure() throws Exception {
        FakeWorkerManager.declareAsTheManager(manager.channel(), TYPE);

        assertThat(manager.channel().isOpen()).isTrue();
    }

    @Test
    void answeredRequestsLeaveTheQueueEmpty() {
        List<String> ids = List.of(manager.submit("a"), manager.submit("b"), manager.submit("invalid"));

        ids.forEach(manager::awaitAnswer);

        await().atMost(Duration.ofSeconds(5)).until(() -> manager.requestQueueDepth() == 0);
    }
}
