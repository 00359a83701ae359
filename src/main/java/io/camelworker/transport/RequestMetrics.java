package io.camelworker.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Prometheus metrics of one worker type: requests by outcome and processing time. */
public class RequestMetrics {

    /** Outcome tag of a request sent to the manager's DLQ. */
    public static final String DEAD_LETTER = "dead_letter";

    private final MeterRegistry registry;
    private final String workerType;
    private final Timer processing;

    public RequestMetrics(MeterRegistry registry, String workerType) {
        this.registry = registry;
        this.workerType = workerType;
        this.processing = Timer.builder("worker.processing")
                .description("Time spent processing requests, retries included")
                .tag("type", workerType)
                .register(registry);
    }

    /** Counts a finished request; {@code outcome} is a response status in lower case or {@link #DEAD_LETTER}. */
    public void answered(String outcome, Duration took) {
        registry.counter("worker.requests", "type", workerType, "outcome", outcome).increment();
        processing.record(took);
    }
}
