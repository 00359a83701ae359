package io.camelworker.runtime;

import com.rabbitmq.client.Channel;
import io.camelworker.retry.StopSignal;
import io.camelworker.transport.HeartbeatSender;
import io.camelworker.transport.RequestListener;
import io.camelworker.transport.RequestMetrics;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The consumption of one worker type's requests, as {@link RequestConsumerFactory} assembled it: its listener, its route
 * runner and, unless {@code worker.offline}, the listener container on its queue and its heartbeat.
 *
 * <p>Stopping (SIGTERM) first stops the heartbeat, then stops consuming, then lets the requests under way finish
 * within {@code worker.shutdown-timeout}; the broker redelivers the rest, since they were never acknowledged.
 */
final class RequestConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestConsumer.class);

    /** Time the container still gets to stop its consumers once the shutdown timeout is spent. */
    private static final long MIN_CONTAINER_SHUTDOWN_MILLIS = 100;
    /** How often a worker whose queue does not exist yet looks for it (Spring AMQP's recovery interval). */
    private static final long QUEUE_CHECK_SECONDS = 5;

    private final String workerType;
    private final RequestListener listener;
    private final StopSignal stopSignal;
    private final RequestMetrics metrics;
    private final RouteRunner routes;
    private final ScheduledExecutorService watchdog;
    private final ExecutorServiceManager threads;
    /** Null with {@code worker.offline}: nothing reaches for the broker. */
    private final Broker broker;
    /** Guards the start of the container, which may come from the queue check, against {@link #stop()}. */
    private final Object consuming = new Object();
    private boolean stopped;
    private ScheduledFuture<?> queueCheck;

    /**
     * What consumes the queue and tells the manager the type is served.
     *
     * @param declareTopology declares the manager's topology for the type, or does nothing ({@code worker.topology.declare})
     * @param queueExists     whether the type's request queue exists now
     * @param heartbeatThread the heartbeat's scheduler, from {@code threads}, which also runs the queue check
     * @param shutdownTimeout {@code worker.shutdown-timeout}
     * @param queue           the request queue's name
     * @param started         the line logged once consuming
     */
    record Broker(Runnable declareTopology, BooleanSupplier queueExists, AbstractMessageListenerContainer container,
                  HeartbeatSender heartbeat, ScheduledExecutorService heartbeatThread, Duration shutdownTimeout,
                  String queue, String started) {
    }

    /**
     * @param watchdog the route runner's scheduler, from {@code threads} (Camel's), which the consumer gives back when it stops
     * @param broker       null with {@code worker.offline}
     */
    RequestConsumer(String workerType, RequestListener listener, StopSignal stopSignal, RequestMetrics metrics,
                    RouteRunner routes, ScheduledExecutorService watchdog, ExecutorServiceManager threads, Broker broker) {
        this.workerType = workerType;
        this.listener = listener;
        this.stopSignal = stopSignal;
        this.metrics = metrics;
        this.routes = routes;
        this.watchdog = watchdog;
        this.threads = threads;
        this.broker = broker;
    }

    /** Runs the route of each request within its budget. */
    RouteRunner routes() {
        return routes;
    }

    void start() {
        routes.start();
        if (broker == null) {
            // worker.offline (bin/check-routes, bin/run-route): the route runs requests handed in by deliver(), and
            // nothing reaches for the broker.
            LOG.info("Worker type '{}' runs offline: no queue consumed, no heartbeat", workerType);
            return;
        }
        broker.declareTopology().run();
        // The heartbeat starts first: with worker.topology.declare=false, the manager declares the queue only once it
        // has a heartbeat for the type (protocol spec §1).
        broker.heartbeat().start();
        if (broker.queueExists().getAsBoolean()) {
            startConsuming();
            return;
        }
        // Waiting here, rather than letting the container retry, keeps the log to this one line: the container logs
        // an ERROR with a stack trace at each of its attempts on a missing queue.
        LOG.info("Queue '{}' does not exist yet, or the broker is away: worker type '{}' starts consuming it once it is "
                + "there (checked every {} s; the Worker Manager declares it on its first request for the type)",
                broker.queue(), workerType, QUEUE_CHECK_SECONDS);
        synchronized (consuming) {
            queueCheck = broker.heartbeatThread().scheduleWithFixedDelay(() -> {
                if (broker.queueExists().getAsBoolean()) {
                    try {
                        startConsuming();
                    } catch (RuntimeException e) {
                        // Thrown out of a scheduled task, it would only end the task, without a word.
                        LOG.error("Worker type '{}' cannot consume queue '{}'", workerType, broker.queue(), e);
                    }
                }
            }, QUEUE_CHECK_SECONDS, QUEUE_CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void startConsuming() {
        synchronized (consuming) {
            if (queueCheck != null) {
                queueCheck.cancel(false);
            }
            if (stopped) {
                return;
            }
            broker.container().start();
        }
        LOG.info(broker.started());
    }

    void stop() {
        if (broker != null) {
            synchronized (consuming) {
                stopped = true;
                if (queueCheck != null) {
                    queueCheck.cancel(false);
                }
            }
            broker.heartbeat().stop();
            // Already stopped: this only lets Camel's manager forget it.
            threads.shutdownNow(broker.heartbeatThread());
        }
        stopSignal.raise();
        if (broker != null) {
            // The requests under way finish, and the answers already published are confirmed (their requests then
            // acknowledged), before the channels close; all within worker.shutdown-timeout.
            long started = System.nanoTime();
            Duration timeout = broker.shutdownTimeout();
            if (!listener.awaitAnswersConfirmed(timeout)) {
                LOG.info("Worker type '{}': requests still unanswered after {} ms are left for redelivery", workerType,
                        timeout.toMillis());
            }
            long left = timeout.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
            AbstractMessageListenerContainer container = broker.container();
            container.setShutdownTimeout(Math.max(MIN_CONTAINER_SHUTDOWN_MILLIS, left));
            container.stop();
            container.destroy();
        }
        // Routes still under way here are abandoned (stuck) ones or ones that outlived the shutdown timeout, whose
        // channels are closed: they are interrupted (once more), and their requests are redelivered.
        routes.stop();
        threads.shutdownNow(watchdog);
        metrics.close();
        LOG.info("Worker type '{}' stopped consuming", workerType);
    }

    /** Hands one request to the listener as if the broker had delivered it on {@code channel}. */
    void deliver(Message message, Channel channel) throws IOException {
        listener.onMessage(message, channel);
    }
}
