package io.camelworker.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of one worker type: requests by outcome, processing time, requests under way and stuck, and the
 * age of the last heartbeat; the names are what the Grafana dashboard in {@code deploy/} reads.
 */
public class RequestMetrics {

    /** Outcome tag of a request sent to the manager's DLQ. */
    public static final String DEAD_LETTER = "dead_letter";

    /**
     * Buckets of {@code worker_processing_seconds}: from the milliseconds of a small delete to the default
     * {@code worker.request-timeout} (15 min), a few per decade so that a dashboard shows where time goes without a
     * series per percentile.
     */
    static final Duration[] PROCESSING_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30)};

    private final MeterRegistry registry;
    private final String workerType;
    private final Timer processing;
    /** The counter of each outcome, registered once: a look-up by name and tags on every request cost 1-2 % of its CPU (JFR). */
    private final Map<String, Counter> answeredByOutcome = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();

    public RequestMetrics(MeterRegistry registry, String workerType) {
        this.registry = registry;
        this.workerType = workerType;
        this.processing = Timer.builder("worker.processing")
                .description("Time from the first attempt of a request to its answer or dead letter, retries included")
                .tag("type", workerType)
                .serviceLevelObjectives(PROCESSING_BUCKETS)
                .register(registry);
    }

    /** Publishes the gauges of the requests under way: count, oldest age, stuck. */
    public void watch(RequestsInFlight inFlight) {
        gauge("worker.requests.in.flight", "Requests being processed now", null, inFlight, RequestsInFlight::count);
        gauge("worker.oldest.request", "Age of the oldest request being processed, 0 when none is", "seconds",
                inFlight, requests -> requests.oldest().toNanos() / 1e9);
        gauge("worker.stuck.requests", "Requests whose route outlived worker.request-timeout and did not stop when "
                + "interrupted: their threads are abandoned until they end", null, inFlight, RequestsInFlight::stuck);
    }

    /** Publishes the age of the last heartbeat sent. */
    public void watch(HeartbeatSender heartbeat) {
        gauge("worker.heartbeat.age", "Time since the last heartbeat was published for every tenant (since start-up "
                + "before the first one); the manager forgets a worker type after 60 s", "seconds",
                heartbeat, sender -> sender.sinceLastBeat().toNanos() / 1e9);
    }

    /** Counts a finished request; {@code outcome} is a response status in lower case or {@link #DEAD_LETTER}. */
    public void answered(String outcome, Duration took) {
        answeredByOutcome.computeIfAbsent(outcome, this::requestsCounter).increment();
        processing.record(took);
    }

    private Counter requestsCounter(String outcome) {
        return Counter.builder("worker.requests")
                .description("Requests finished, by outcome: success, invalid_content, error, dead_letter")
                .tags("type", workerType, "outcome", outcome)
                .register(registry);
    }

    /** Removes the gauges, which refer to a consumer that stopped; the counts and times stay. */
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private <T> void gauge(String name, String description, String unit, T target, ToDoubleFunction<T> value) {
        meters.add(Gauge.builder(name, target, value)
                .description(description)
                .baseUnit(unit)
                .tag("type", workerType)
                .strongReference(true)
                .register(registry));
    }
}
