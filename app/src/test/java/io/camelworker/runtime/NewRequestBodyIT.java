package io.camelworker.runtime;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code regards-request:} on the real broker submits only a JSON object, the one body the Worker Manager converts into
 * a {@code RequestEvent}; any other body fails the step with ERROR, naming the endpoint and what the body is, and
 * nothing reaches the manager's request exchange.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class NewRequestBodyIT {

    static final String TYPE = FakeWorkerManager.uniqueType("new-request-bodies");
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
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/new-request-bodies.camel.yaml");
        registry.add("test.new-request.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
    }

    @Test
    void jsonObjectBodyIsSubmittedAsItIs() {
        String id = manager.submit("{\"feature\":{\"id\":\"P1\"},\"n\":[1,2]}");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        FakeWorkerManager.NewRequest submitted = awaitNewRequest(id + "-child");
        assertThat(new String(submitted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"feature\":{\"id\":\"P1\"},\"n\":[1,2]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]                   | a JSON array",
            "'\"text\"'              | a JSON string",
            "42                      | a JSON number",
            "true                    | a JSON boolean",
            "null                    | a JSON null",
            "''                      | empty",
            "'   '                   | empty (blank)",
            "hello                   | not JSON",
            "'{\"a\":1'              | not JSON",
            "'{\"a\":1} {\"b\":2}'   | not one JSON value"})
    void bodyThatIsNotAJsonObjectFailsWithErrorAndNothingIsSubmitted(String body, String described) {
        String id = manager.submit(body == null ? "" : body);

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .contains("regards-request://child-request").contains("submits only a JSON object")
                .contains("the body is " + described);
        // New requests reach the manager's exchange in the order they are published: once a later good one has
        // arrived, the refused one would have been seen before it.
        String good = manager.submit("{}");
        assertThat(manager.awaitAnswer(good).status()).isEqualTo("SUCCESS");
        awaitNewRequest(good + "-child");
        assertThat(manager.newRequests()).noneMatch(r -> (id + "-child").equals(r.header("regards.request.id")));
    }

    private static FakeWorkerManager.NewRequest awaitNewRequest(String requestId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> manager.newRequests().stream()
                .anyMatch(r -> requestId.equals(r.header("regards.request.id"))));
        return manager.newRequests().stream().filter(r -> requestId.equals(r.header("regards.request.id"))).findFirst()
                .orElseThrow();
    }
}
