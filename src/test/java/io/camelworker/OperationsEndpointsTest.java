package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and Prometheus metrics, over HTTP as an orchestrator and a scraper read them. */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointsTest {

    static final String TYPE = FakeWorkerManager.uniqueType("ops-worker");
    static FakeWorkerManager manager;

    @Autowired
    TestRestTemplate http;

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
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
    }

    @Test
    void healthReportsTheBrokerAndCamel() {
        String health = http.getForObject("/actuator/health", String.class);

        assertThat(health).contains("\"status\":\"UP\"", "\"rabbit\":{\"status\":\"UP\"", "\"camelHealth\":{\"status\":\"UP\"");
    }

    @Test
    void prometheusCountsRequestsByWorkerTypeAndOutcome() {
        manager.awaitAnswer(manager.submit("{\"urls\":[]}"));

        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).containsPattern("worker_requests_total\\{[^}]*outcome=\"invalid_content\"[^}]*type=\"" + TYPE + "\"[^}]*} 1.0");
        assertThat(metrics).containsPattern("worker_processing_seconds_count\\{[^}]*type=\"" + TYPE + "\"[^}]*} 1");
    }
}
