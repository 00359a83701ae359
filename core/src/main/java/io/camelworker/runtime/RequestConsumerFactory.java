package io.camelworker.runtime;

import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.tracing.RequestTracing;
import io.camelworker.transport.DeliveryPropertiesConverter;
import io.camelworker.transport.HeartbeatSender;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.transport.RequestActivity;
import io.camelworker.transport.RequestListener;
import io.camelworker.transport.RequestMetrics;
import io.camelworker.transport.RequestProcessor;
import io.camelworker.transport.RequestsInFlight;
import io.camelworker.transport.TopologyDeclarer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.ExecutorServiceManager;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MissingQueueEvent;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Assembles the consumer of each {@code regards-worker:} endpoint from the application's beans and {@code worker.*}
 * settings: its requests under way, metrics, listener, route runner and its watchdog, listener container and heartbeat
 * (as Camel's Spring RabbitMQ consumer gets its container from a factory). The consumer only adapts Camel to it.
 */
public class RequestConsumerFactory {

    /** How often the request container checks its consumers and restarts those a lost connection cancelled. */
    private static final long CONSUMER_MONITOR_MILLIS = 1000;

    private final ConnectionFactory connectionFactory;
    private final ManagerPublisher publisher;
    private final TopologyDeclarer declarer;
    private final WorkerProperties properties;
    private final String instanceId;
    private final MeterRegistry meterRegistry;
    private final RequestActivity activity;
    private final RequestTracing tracing;

    /**
     * @param connectionFactory the broker connection the consumers use
     * @param instanceId        id of this process in heartbeats
     * @param activity          the requests under way, for health and metrics
     * @param tracing           the span of each request, {@link RequestTracing#OFF} unless {@code worker.tracing.enabled}
     */
    public RequestConsumerFactory(ConnectionFactory connectionFactory, ManagerPublisher publisher, TopologyDeclarer declarer,
                                  WorkerProperties properties, String instanceId, MeterRegistry meterRegistry,
                                  RequestActivity activity, RequestTracing tracing) {
        this.connectionFactory = connectionFactory;
        this.publisher = publisher;
        this.declarer = declarer;
        this.properties = properties;
        this.instanceId = instanceId;
        this.meterRegistry = meterRegistry;
        this.activity = activity;
        this.tracing = tracing == null ? RequestTracing.OFF : tracing;
    }

    /** Id of this process in heartbeats. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * The consumption of {@code workerType}'s requests, not started: {@code processor} does the work of each, and the
     * threads are Camel's ({@code threads}), on behalf of {@code processor}.
     */
    RequestConsumer create(String workerType, RequestProcessor processor, ExecutorServiceManager threads) {
        StopSignal stopSignal = new StopSignal();
        RequestsInFlight inFlight = activity.register(workerType, properties.getConcurrency(),
                properties.getRequestTimeout(), properties.getSlowRequestWarning());
        ScheduledExecutorService watchdog = threads.newSingleThreadScheduledExecutor(processor,
                "WorkerWatchdog-" + workerType);
        RouteRunner routes = new RouteRunner(watchdog, inFlight, properties.getInterruptGrace());
        RequestMetrics metrics = new RequestMetrics(meterRegistry, workerType);
        metrics.watch(inFlight);
        RequestListener listener = new RequestListener(workerType, processor, publisher, metrics, inFlight,
                new RetryPolicy(properties.getRetry()), properties.getRetry().getMaxDeliveries(), properties.isSendRunning(),
                stopSignal, tracing);
        RequestConsumer.Broker broker = properties.isOffline() ? null : broker(workerType, listener, metrics, processor, threads);
        return new RequestConsumer(workerType, listener, stopSignal, metrics, routes, watchdog, threads, broker);
    }

    private RequestConsumer.Broker broker(String workerType, RequestListener listener, RequestMetrics metrics,
                                          Object threadOwner, ExecutorServiceManager threads) {
        String queue = publisher.topology().requestQueue(workerType);
        // Each of the container's consumers runs its listener on the thread the broker client delivers on (the consumer
        // connection's executor, which must have a thread for each consumer): no hand-off to a thread of the container
        // per request, as SimpleMessageListenerContainer did. The container restarts its consumers when a connection
        // is recovered, a lifecycle tied to the broker's channels that it alone manages.
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(properties.getPrefetch());
        container.setConsumersPerQueue(properties.getConcurrency());
        // Stopping cancels the consumers: the requests prefetched behind the one under way reach the listener, which
        // leaves them unacknowledged (the stop signal is raised), and go back to the queue when the channels close.
        container.setShutdownTimeout(properties.getShutdownTimeout().toMillis());
        // The queue may not exist yet when the broker is away at start-up: keep trying instead of failing.
        container.setMissingQueuesFatal(false);
        // The container restarts the consumers a lost connection cancelled when its monitor runs, every 10 s by
        // default: a replica stopped consuming for up to 10 s after a broker blip. Checked once a second, it resumes
        // within a second of the next allowed attempt; attempts stay at least 5 s apart (the container's
        // failed-declaration interval), so a broker that stays away is not called more often.
        container.setMonitorInterval(CONSUMER_MONITOR_MILLIS);
        Runnable declareTopology = properties.getTopology().isDeclare() ? () -> declarer.declare(workerType) : () -> { };
        // A queue deleted under a running worker: the container cannot consume from it again until it exists, and the
        // manager declares it only once per process. A worker that declares its topology declares it again, and the
        // container's next attempt finds it.
        container.setApplicationEventPublisher(event -> {
            if (event instanceof MissingQueueEvent) {
                declareTopology.run();
            }
        });
        container.setBeanName("worker-" + workerType);
        container.setMessagePropertiesConverter(new DeliveryPropertiesConverter());
        container.setMessageListener(listener);
        container.afterPropertiesSet();
        ScheduledExecutorService heartbeatThread = threads.newSingleThreadScheduledExecutor(threadOwner,
                "WorkerHeartbeat-" + workerType);
        HeartbeatSender heartbeat = new HeartbeatSender(publisher, workerType, instanceId, properties.getTenants(),
                properties.getHeartbeatInterval(), heartbeatThread);
        metrics.watch(heartbeat);
        String started = String.format("Worker type '%s' consumes queue '%s' (instance '%s', concurrency %d, prefetch %d)",
                workerType, queue, instanceId, properties.getConcurrency(), properties.getPrefetch());
        return new RequestConsumer.Broker(declareTopology, () -> declarer.requestQueueExists(workerType), container,
                heartbeat, heartbeatThread, properties.getShutdownTimeout(), queue, started);
    }
}
