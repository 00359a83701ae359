package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, probes and Prometheus metrics, over HTTP as an orchestrator and a scraper read them. */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointsIT {

    static final String TYPE = FakeWorkerManager.uniqueType("ops-worker");
    static final String SLOW_TYPE = FakeWorkerManager.uniqueType("ops-slow-worker");
    static FakeWorkerManager manager;
    static FakeWorkerManager slowManager;

    @Autowired
    TestRestTemplate http;
    @Autowired
    HealthEndpoint health;

    @BeforeAll
    static void startManager() {
        manager = new FakeWorkerManager(TYPE);
        slowManager = new FakeWorkerManager(SLOW_TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
        slowManager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/delete-files-worker.camel.yaml,classpath:test-routes/slow.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("test.slow.type", () -> SLOW_TYPE);
        registry.add("test.slow.millis", () -> "3000");
        registry.add("worker.instance-id", () -> "ops-test");
        registry.add("worker.tenants", () -> "project1");
    }

    @Test
    void healthTellsAnonymousCallersOnlyTheStatus() {
        String body = http.getForObject("/actuator/health", String.class);

        assertThat(body).startsWith("{\"status\":\"UP\"").doesNotContain("components", "rabbit", "details");
    }

    @Test
    void livenessAndReadinessProbesAnswerOutsideKubernetes() {
        ResponseEntity<String> liveness = http.getForEntity("/actuator/health/liveness", String.class);
        ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);

        assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(liveness.getBody()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readinessIncludesTheBrokerAndStuckRequestsAndLivenessLeavesTheBrokerOut() {
        CompositeHealth readiness = (CompositeHealth) health.healthForPath("readiness");
        CompositeHealth liveness = (CompositeHealth) health.healthForPath("liveness");

        assertThat(readiness.getComponents()).containsOnlyKeys("readinessState", "rabbit", "stuckRequests");
        assertThat(liveness.getComponents()).containsOnlyKeys("livenessState");
        assertThat(health.healthForPath("stuckRequests").getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void prometheusCountsRequestsByWorkerTypeAndOutcome() {
        manager.awaitAnswer(manager.submit("{\"urls\":[]}"));

        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).containsPattern("worker_requests_total\\{[^}]*outcome=\"invalid_content\"[^}]*type=\"" + TYPE + "\"[^}]*} 1.0");
        assertThat(metrics).containsPattern("worker_processing_seconds_count\\{[^}]*type=\"" + TYPE + "\"[^}]*} 1");
        assertThat(metrics).containsPattern("worker_processing_seconds_bucket\\{[^}]*type=\"" + TYPE + "\",le=\"0.01\"} [01]");
        assertThat(metrics).containsPattern("worker_processing_seconds_bucket\\{[^}]*type=\"" + TYPE + "\",le=\"900.0\"} 1");
        assertThat(gauge(metrics, "worker_heartbeat_age_seconds", TYPE)).isBetween(0.0, 60.0);
        assertThat(gauge(metrics, "worker_stuck_requests", TYPE)).isZero();
    }

    @Test
    void gaugesShowTheRequestUnderWayAndItsAge() {
        String id = slowManager.submit("slow");

        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(prometheus(), "worker_requests_in_flight", SLOW_TYPE) == 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(prometheus(), "worker_oldest_request_seconds", SLOW_TYPE) > 0.5);
        slowManager.awaitAnswer(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(prometheus(), "worker_requests_in_flight", SLOW_TYPE) == 0.0);
        assertThat(gauge(prometheus(), "worker_oldest_request_seconds", SLOW_TYPE)).isZero();
    }

    @Test
    void everyWorkerMetricHasAHelpText() {
        manager.awaitAnswer(manager.submit("{\"urls\":[]}"));

        List<String> help = prometheus().lines().filter(line -> line.startsWith("# HELP worker_")).toList();

        assertThat(help).extracting(line -> line.split(" ")[2]).contains("worker_requests_total", "worker_processing_seconds",
                "worker_requests_in_flight", "worker_oldest_request_seconds", "worker_heartbeat_age_seconds",
                "worker_stuck_requests");
        assertThat(help).allSatisfy(line -> assertThat(line.split(" ", 4)).as(line).hasSize(4)
                .satisfies(parts -> assertThat(parts[3]).as(line).isNotBlank()));
    }

    private String prometheus() {
        return http.getForObject("/actuator/prometheus", String.class);
    }

    private static double gauge(String metrics, String name, String type) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*type=\"" + Pattern.quote(type) + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(value.find()).as(name + " of " + type).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
