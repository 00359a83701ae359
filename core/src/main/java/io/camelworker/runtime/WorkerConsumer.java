package io.camelworker.runtime;

import com.rabbitmq.client.Channel;
import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.OutcomeMapping;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.TraceContext;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.transport.HeartbeatSender;
import io.camelworker.transport.RequestListener;
import io.camelworker.transport.RequestBudget;
import io.camelworker.transport.RequestMetrics;
import io.camelworker.transport.RequestsInFlight;
import io.camelworker.transport.RequestProcessor;
import io.camelworker.retry.StopSignal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a worker type: consumes its queue, runs the route once per request, and keeps the heartbeat going.
 *
 * <p>Stopping (SIGTERM) first stops the heartbeat, then stops consuming, then lets the requests under way finish
 * within {@code worker.shutdown-timeout}; the broker redelivers the rest, since they were never acknowledged.
 */
public class WorkerConsumer extends DefaultConsumer implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConsumer.class);

    /** Time the container still gets to stop its consumers once the shutdown timeout is spent. */
    private static final long MIN_CONTAINER_SHUTDOWN_MILLIS = 100;

    private final String workerType;
    private final WorkerRuntime runtime;
    private SimpleMessageListenerContainer container;
    private RequestListener listener;
    private HeartbeatSender heartbeat;
    private ScheduledExecutorService heartbeatThread;
    private StopSignal stopSignal;
    private RequestMetrics metrics;
    private ExecutorService routeThreads;
    private RouteRunner routeRunner;

    WorkerConsumer(WorkerEndpoint endpoint, Processor processor, WorkerRuntime runtime) {
        super(endpoint, processor);
        this.workerType = endpoint.getWorkerType();
        this.runtime = runtime;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        WorkerProperties properties = runtime.properties();
        if (properties.getTopology().isDeclare() && !properties.isOffline()) {
            runtime.declarer().declare(workerType);
        }
        stopSignal = new StopSignal();
        RequestsInFlight inFlight = runtime.activity().register(workerType, properties.getConcurrency(),
                properties.getRequestTimeout(), properties.getSlowRequestWarning());
        routeThreads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, "WorkerRoute-" + workerType);
        routeRunner = new RouteRunner(routeThreads, inFlight, properties.getInterruptGrace());
        metrics = new RequestMetrics(runtime.meterRegistry(), workerType);
        metrics.watch(inFlight);
        listener = new RequestListener(workerType, this, runtime.publisher(), metrics, inFlight,
                new RetryPolicy(properties.getRetry()), properties.getRetry().getMaxDeliveries(), properties.isSendRunning(),
                stopSignal, runtime.tracing());
        String queue = runtime.publisher().topology().requestQueue(workerType);
        if (properties.isOffline()) {
            // worker.offline (bin/check-routes, bin/run-route): the route runs requests handed in by deliver(), and
            // nothing reaches for the broker.
            LOG.info("Worker type '{}' runs offline: no queue consumed, no heartbeat", workerType);
            return;
        }
        // The container keeps its own consumer threads (not Camel's): it interrupts them on a forced stop and starts new
        // ones when a connection is recovered, a lifecycle tied to the broker's channels that it alone manages.
        container = new SimpleMessageListenerContainer(runtime.connectionFactory());
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(properties.getPrefetch());
        container.setConcurrentConsumers(properties.getConcurrency());
        container.setShutdownTimeout(properties.getShutdownTimeout().toMillis());
        // Only the request under way finishes on stop; prefetched ones go back to the queue at once.
        container.setForceStop(true);
        // The queue may not exist yet when the broker is away at start-up: keep trying instead of failing.
        container.setMissingQueuesFatal(false);
        container.setBeanName("worker-" + workerType);
        container.setMessageListener(listener);
        container.afterPropertiesSet();
        container.start();
        heartbeatThread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "WorkerHeartbeat-" + workerType);
        heartbeat = new HeartbeatSender(runtime.publisher(), workerType, runtime.instanceId(), properties.getTenants(),
                properties.getHeartbeatInterval(), heartbeatThread);
        metrics.watch(heartbeat);
        heartbeat.start();
        LOG.info("Worker type '{}' consumes queue '{}' (instance '{}', concurrency {}, prefetch {})", workerType, queue,
                runtime.instanceId(), properties.getConcurrency(), properties.getPrefetch());
    }

    @Override
    protected void doStop() throws Exception {
        if (heartbeat != null) {
            heartbeat.stop();
            // Already stopped: this only lets Camel's manager forget it.
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(heartbeatThread);
        }
        if (stopSignal != null) {
            stopSignal.raise();
        }
        if (container != null) {
            // The requests under way finish, and the answers already published are confirmed (their requests then
            // acknowledged), before the channels close; all within worker.shutdown-timeout.
            long started = System.nanoTime();
            Duration timeout = runtime.properties().getShutdownTimeout();
            if (!listener.awaitAnswersConfirmed(timeout)) {
                LOG.info("Worker type '{}': requests still unanswered after {} ms are left for redelivery", workerType,
                        timeout.toMillis());
            }
            long left = timeout.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
            container.setShutdownTimeout(Math.max(MIN_CONTAINER_SHUTDOWN_MILLIS, left));
            container.stop();
            container.destroy();
            container = null;
        }
        if (routeThreads != null) {
            // Only abandoned (stuck) routes can still run here; they are interrupted once more.
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(routeThreads);
            routeThreads = null;
        }
        if (metrics != null) {
            metrics.close();
        }
        LOG.info("Worker type '{}' stopped consuming", workerType);
        super.doStop();
    }

    /**
     * Hands one request to this consumer's listener as if the broker had delivered it on {@code channel}: the same
     * checks, retries, outcome mapping and answer as a request from the queue. For {@code worker.offline} runs
     * ({@code bin/run-route}), whose publisher and channel stand in for the broker.
     */
    public void deliver(Message message, Channel channel) throws IOException {
        if (listener == null) {
            throw new IllegalStateException("worker type '" + workerType + "' has not started");
        }
        listener.onMessage(message, channel);
    }

    /**
     * Runs the route once for the request, on a route thread, within the time the request has left; a body larger than
     * {@code worker.max-request-size} is refused before any step reads it.
     */
    @Override
    public Outcome process(RequestContext request, Message message, RequestBudget budget) {
        long maxSize = runtime.properties().getMaxRequestSize().toBytes();
        if (message.getBody().length > maxSize) {
            return new Outcome.Answer(WorkerResponse.invalidContent("request body of " + message.getBody().length
                    + " bytes is larger than worker.max-request-size=" + maxSize + " bytes"));
        }
        Exchange exchange = createExchange(false);
        // Tracing on: the route runs in the worker's span (Camel's route span becomes its child), not the requester's.
        TraceContext trace = runtime.tracing().isOn() ? request.trace() : null;
        return routeRunner.run(exchange, budget, () -> {
            try {
                return runRoute(exchange, message, trace);
            } catch (Exception e) {
                return OutcomeMapping.ofException(e);
            } finally {
                releaseExchange(exchange, false);
            }
        });
    }

    private Outcome runRoute(Exchange exchange, Message message, TraceContext trace) throws Exception {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(message.getBody());
        message.getMessageProperties().getHeaders().forEach(in::setHeader);
        if (trace != null) {
            in.removeHeader(TraceContext.TRACEPARENT);
            in.removeHeader(TraceContext.TRACESTATE);
            trace.addTo(in.getHeaders());
        }
        in.setHeader(WorkerHeaders.WORKER_TYPE, workerType);
        getProcessor().process(exchange);
        if (exchange.getException() != null) {
            return OutcomeMapping.ofException(exchange.getException());
        }
        if (exchange.isRollbackOnly()) {
            return new Outcome.Failure(new IllegalStateException("the route marked the request for rollback"));
        }
        return new Outcome.Answer(WorkerResponse.success(BodyBytes.of(exchange, runtime.objectMapper()),
                additionalHeaders(exchange)));
    }

    /** Collects the {@code WorkerAdditionalHeader.*} headers a step set. */
    private static Map<String, String> additionalHeaders(Exchange exchange) {
        Map<String, String> additional = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (name.startsWith(WorkerHeaders.ADDITIONAL_HEADER_PREFIX) && value != null) {
                String key = name.substring(WorkerHeaders.ADDITIONAL_HEADER_PREFIX.length());
                if (key.isEmpty() || key.startsWith("regards.")) {
                    throw new ProcessingErrorException("additional header '" + key + "' is not allowed: it must be non-empty "
                            + "and regards.* headers belong to the manager");
                }
                additional.put(key, value.toString());
            }
        });
        return additional;
    }
}
