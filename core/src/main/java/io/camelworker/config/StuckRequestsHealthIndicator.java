package io.camelworker.config;

import io.camelworker.transport.RequestActivity;
import io.camelworker.transport.RequestsInFlight;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DOWN when, for a worker type, as many routes are stuck (abandoned past {@code worker.request-timeout}) as it has
 * consumers: an orchestrator takes the replica out of readiness, and can alert on it, before the abandoned threads
 * exhaust it.
 */
public class StuckRequestsHealthIndicator extends AbstractHealthIndicator {

    private final RequestActivity activity;

    public StuckRequestsHealthIndicator(RequestActivity activity) {
        super("stuck-requests health check failed");
        this.activity = activity;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean allStuck = false;
        for (RequestsInFlight type : activity.types()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("consumers", type.consumers());
            details.put("inFlight", type.count());
            details.put("stuck", type.stuck());
            details.put("oldestSeconds", type.oldest().toSeconds());
            builder.withDetail(type.workerType(), details);
            allStuck |= type.allConsumersStuck();
        }
        if (allStuck) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
