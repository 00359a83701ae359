package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body larger than the AMQP client used to accept (64 MiB) but within what the broker delivers (RabbitMQ
 * 3.x: 128 MiB): it used to drop the worker's connection and come back for ever; it is now received and answered
 * INVALID_CONTENT once, naming its size and {@code worker.max-request-size}, and the requests behind it are answered.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OversizedRequestIT {

    static final String TYPE = FakeWorkerManager.uniqueType("oversized-worker");
    static final int HUNDRED_MB = 100 * 1000 * 1000;
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
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/slow.camel.yaml");
        registry.add("test.slow.type", () -> TYPE);
        registry.add("test.slow.millis", () -> "0");
        registry.add("worker.instance-id", () -> "oversized-test");
        registry.add("worker.tenants", () -> "project1");
    }

    @Test
    void bodyAboveTheMaxRequestSizeIsAnsweredInvalidContentOnceAndTheRequestsBehindItAreAnswered() {
        String before = manager.submit("before");
        String oversized = submitBody(HUNDRED_MB);
        List<String> behind = List.of(manager.submit("behind-1"), manager.submit("behind-2"));

        FakeWorkerManager.Response answer = manager.awaitAnswer(oversized, Duration.ofSeconds(60));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .contains("request body of " + HUNDRED_MB + " bytes", "worker.max-request-size=" + 64 * 1024 * 1024 + " bytes");
        assertThat(manager.awaitAnswer(before).contentText()).isEqualTo("done by oversized-test");
        for (String id : behind) {
            assertThat(manager.awaitAnswer(id).status()).isEqualTo("SUCCESS");
        }
        assertThat(manager.answers(oversized)).hasSize(1);
    }

    private static String submitBody(int size) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", TYPE + "-request");
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        manager.publish(headers, body);
        return requestId;
    }
}
