package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, probes and Prometheus metrics, over HTTP as an orchestrator and a scraper read them, from the worker's own
 * management server (no web server of Spring Boot's: NONE, as the worker runs).
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OperationsEndpointsIT {

    static final String TYPE = FakeWorkerManager.uniqueType("ops-worker");
    static final String SLOW_TYPE = FakeWorkerManager.uniqueType("ops-slow-worker");
    static FakeWorkerManager manager;
    static FakeWorkerManager slowManager;

    @LocalServerPort
    int port;
    @Autowired
    HealthEndpoint health;
    @Autowired
    ApplicationContext context;

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
        HttpResponse<String> health = get("/actuator/health", "*/*");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/vnd.spring-boot.actuator.v3+json");
        assertThat(health.body()).startsWith("{\"status\":\"UP\"").doesNotContain("components", "rabbit", "details");
    }

    @Test
    void livenessAndReadinessProbesAnswerOutsideKubernetes() {
        HttpResponse<String> liveness = get("/actuator/health/liveness", "application/json");
        HttpResponse<String> readiness = get("/actuator/health/readiness", "application/json");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void aReplicaRefusingTrafficAnswersReadiness503AndStaysLive() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            HttpResponse<String> readiness = get("/actuator/health/readiness", "*/*");

            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
            assertThat(get("/actuator/health/liveness", "*/*").statusCode()).isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Test
    void anythingButTheExposedEndpointsIsNotFound() {
        assertThat(get("/actuator/health/no-such-group", "*/*").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/env", "*/*").statusCode()).isEqualTo(404);
        assertThat(get("/", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void infoAnswersAndPrometheusOffersOpenMetricsToScrapersThatAskForIt() {
        assertThat(get("/actuator/info", "*/*").statusCode()).isEqualTo(200);

        HttpResponse<String> openMetrics = get("/actuator/prometheus?includedNames=worker_stuck_requests",
                "application/openmetrics-text;version=1.0.0");

        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).contains("worker_stuck_requests").doesNotContain("worker_requests_in_flight")
                .endsWith("# EOF\n");
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

        String metrics = prometheus();

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
        HttpResponse<String> metrics = get("/actuator/prometheus", "*/*");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    private HttpResponse<String> get(String path, String accept) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double gauge(String metrics, String name, String type) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*type=\"" + Pattern.quote(type) + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(value.find()).as(name + " of " + type).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
