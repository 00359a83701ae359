package io.camelworker.transport;

import io.camelworker.protocol.WorkerHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the manager, every interval and for each tenant, that this process serves a worker type (protocol spec §4).
 *
 * <p>It runs on a thread of its own, so that heartbeats go on while long jobs keep every consumer busy: a
 * single-threaded scheduler given by its owner (the consumer takes it from Camel's {@code ExecutorServiceManager}) and
 * used by it alone. Once {@link #stop()} has returned, no heartbeat is sent any more.
 */
public class HeartbeatSender {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final ManagerPublisher publisher;
    private final String workerType;
    private final String instanceId;
    private final List<String> tenants;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;
    /** When every tenant's heartbeat was last published (creation time until then), for the heartbeat-age gauge. */
    private volatile long lastBeatNanos = System.nanoTime();

    /** @param scheduler a single-threaded scheduler for this sender alone; {@link #stop()} shuts it down */
    public HeartbeatSender(ManagerPublisher publisher, String workerType, String instanceId, List<String> tenants,
                           Duration interval, ScheduledExecutorService scheduler) {
        this.publisher = publisher;
        this.workerType = workerType;
        this.instanceId = instanceId;
        this.tenants = List.copyOf(tenants);
        this.interval = interval;
        this.scheduler = scheduler;
    }

    /** Sends the first heartbeat now, then one every interval. */
    public synchronized void start() {
        scheduler.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeats, waiting for one under way to end. */
    public synchronized void stop() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The heartbeat of worker type '{}' did not stop within 5 s", workerType);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Time since the heartbeats of every tenant were last published. */
    public Duration sinceLastBeat() {
        return Duration.ofNanos(System.nanoTime() - lastBeatNanos);
    }

    private void beat() {
        try {
            for (String tenant : tenants) {
                publisher.heartbeat(tenant, WorkerHeartbeat.now(instanceId, workerType));
            }
            lastBeatNanos = System.nanoTime();
            if (failing) {
                LOG.info("Heartbeats of worker type '{}' are sent again", workerType);
                failing = false;
            }
        } catch (RuntimeException e) {
            // Logged once per failure streak: the broker being away for a minute must not flood the logs.
            if (!failing) {
                LOG.warn("Cannot send the heartbeat of worker type '{}': {}", workerType, e.getMessage());
                failing = true;
            }
        }
    }
}
