package io.camelworker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard of {@code deploy/grafana} queries the worker's metrics by their exported names, and all of them. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/camel-worker-dashboard.json");
    /** The worker's meters as Prometheus exports them (transport/RequestMetrics, HeartbeatSender). */
    private static final Set<String> WORKER_METRICS = Set.of("worker_requests_total", "worker_processing_seconds",
            "worker_requests_in_flight", "worker_oldest_request_seconds", "worker_heartbeat_age_seconds", "worker_stuck_requests");
    /** Micrometer's JVM and process meters. */
    private static final Set<String> JVM_METRICS = Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage",
            "system_cpu_count");
    /** Exported as its _bucket, _sum and _count series. */
    private static final String HISTOGRAM = "worker_processing_seconds";
    private static final Pattern METRIC = Pattern.compile("([a-z_][a-z0-9_]*)\\{");

    @Test
    void everyQueryNamesAKnownMetricAndEveryWorkerMetricIsShown() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new HashSet<>();
        List<Integer> panelIds = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panelIds.add(panel.path("id").asInt());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    queried.add(metric.group(1).replaceAll("^(" + HISTOGRAM + ")_(bucket|sum|count)$", "$1"));
                }
            }
        }
        assertThat(panelIds).doesNotHaveDuplicates();
        Set<String> known = new HashSet<>(WORKER_METRICS);
        known.addAll(JVM_METRICS);
        assertThat(known).containsAll(queried);
        assertThat(queried).containsAll(WORKER_METRICS);
    }
}
