package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.Processor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers as an attacker (or a client other than REGARDS) writes them: one close to {@code frame_max}, byte arrays,
 * tables, newlines. Each request is answered or dead-lettered once, and the worker goes on answering.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class HostileHeadersIT {

    static final String TYPE = FakeWorkerManager.uniqueType("hostile-headers-worker");
    static FakeWorkerManager manager;

    @BeforeAll
    static void startManager() {
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
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.retry.max-attempts", () -> "2");
        registry.add("worker.retry.initial-interval", () -> "20ms");
    }

    @TestConfiguration
    static class OutcomesRouteBeans {
        /** The outcomes route names this step; no request of this test takes its branch. */
        @Bean
        Processor flakyStep() {
            return exchange -> exchange.getMessage().setBody("not used here");
        }
    }

    @Test
    void aDeadLetterTooLargeForAFrameIsShortenedToFitAndTheWorkerAnswersTheNextRequest() {
        Map<String, Object> headers = headers(UUID.randomUUID().toString());
        // The request fits in a frame (128 KiB); with the stack trace of its failure, its dead letter would not.
        headers.put("x-client-notes", "n".repeat(130_000));
        String id = (String) headers.get("regards.request.id");
        manager.publish(headers, "boom".getBytes(StandardCharsets.UTF_8));

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(60));

        assertThat(deadLetter.stacktrace()).contains("unexpected boom", "shortened to fit the broker's frame_max");
        assertThat(deadLetter.headers()).containsEntry("regards.tenant", "project1").containsKey("x-client-notes");
        String next = manager.submit("hello");
        assertThat(manager.awaitAnswer(next, Duration.ofSeconds(60)).contentText()).isEqualTo("echo:hello");
        assertThat(manager.deadLetters(id)).hasSize(1);
    }

    @Test
    void aRequestIdSentAsABytesHeaderIsAnsweredWithTheDecodedId() {
        String id = "bytes-" + UUID.randomUUID();
        Map<String, Object> headers = headers(id);
        headers.put("regards.request.id", id.getBytes(StandardCharsets.UTF_8));

        manager.publish(headers, "hello".getBytes(StandardCharsets.UTF_8));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id, Duration.ofSeconds(60));
        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentText()).isEqualTo("echo:hello");
    }

    @Test
    void aTableTypedTenantIsDeadLetteredNamingTheHeader() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = headers(id);
        headers.put("regards.tenant", Map.of("k", "project1"));

        manager.publish(headers, "hello".getBytes(StandardCharsets.UTF_8));

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(60));
        assertThat(deadLetter.stacktrace()).contains("header 'regards.tenant' is a table, expected a string");
        assertThat(manager.answers(id)).isEmpty();
    }

    @Test
    void aTableTypedOwnerIsAnsweredInvalidContentNamingTheHeader() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = headers(id);
        headers.put("regards.request.owner", Map.of("name", "someone"));

        manager.publish(headers, "hello".getBytes(StandardCharsets.UTF_8));

        FakeWorkerManager.Response answer = manager.awaitAnswer(id, Duration.ofSeconds(60));
        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("header 'regards.request.owner' is a table, expected a string");
    }

    @Test
    void aNewlineInTheRequestIdDoesNotForgeALogLine(CapturedOutput output) {
        String marker = "forged-" + UUID.randomUUID();
        String id = marker + "\nERROR 1 --- [main] fake.Logger : forged line";

        manager.publish(headers(id), "invalid".getBytes(StandardCharsets.UTF_8));

        assertThat(manager.awaitAnswer(id, Duration.ofSeconds(60)).status()).isEqualTo("INVALID_CONTENT");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains(marker));
        assertThat(output.getOut()).contains(marker + "\\nERROR 1 --- [main] fake.Logger : forged line")
                .doesNotContain("\nERROR 1 --- [main] fake.Logger");
    }

    private static Map<String, Object> headers(String requestId) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", TYPE + "-request");
        return headers;
    }
}
