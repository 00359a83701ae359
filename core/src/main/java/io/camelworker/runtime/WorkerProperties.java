package io.camelworker.runtime;

import io.camelworker.protocol.WorkerTopology;
import io.camelworker.retry.Backoff;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of the worker runtime, under {@code worker.*}. */
@ConfigurationProperties("worker")
@Validated
public class WorkerProperties {

    /**
     * Default bound of one request's processing: well below RabbitMQ's default consumer_timeout (30 min), so that a
     * stuck request is answered ERROR by the worker before the broker closes the channel and redelivers it.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(15);

    /** Default share of worker.request-timeout after which a request still running is logged as slow. */
    public static final double DEFAULT_SLOW_REQUEST_WARNING = 0.5;

    /**
     * Default time an interrupted route has to stop and remove what it created: enough to delete a workspace or abort
     * an upload, short enough that a consumer is not held long by a route that ignores interruption.
     */
    public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(10);

    /**
     * Default largest request body processed: REGARDS requests are JSON of a few kilobytes, a body of tens of megabytes
     * is a mistake or an attack; 64 MiB is also the limit the AMQP client had by default.
     */
    public static final DataSize DEFAULT_MAX_REQUEST_SIZE = DataSize.ofMegabytes(64);

    /**
     * Default largest body the broker delivers: RabbitMQ 3.x's default max_message_size (128 MiB; 4.x lowered it to
     * 16 MiB). Not lower: a body between this and the broker's limit would make the AMQP client drop its connection, and
     * the message come back to every replica for ever. Holding it needs 320 MiB of heap at the default prefetch and
     * concurrency (config.HeapBudget), which the image's flags give (-XX:MaxRAMPercentage=70 of 512 MiB).
     */
    public static final DataSize DEFAULT_BROKER_MAX_MESSAGE_SIZE = DataSize.ofMegabytes(128);

    /** Default number of deliveries a request may have without being answered (a crash each time) before it is dead-lettered. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;

    /** Worker type of the loaded route, overriding the default its file gives ({@code regards-worker:{{worker.type:...}}}). */
    private String type;

    /** REGARDS tenants to send heartbeats for; the manager ignores heartbeats of tenants it does not know. */
    @NotEmpty(message = "must list the REGARDS tenants to send heartbeats for, e.g. --worker.tenants=project1")
    private List<@NotBlank String> tenants = new ArrayList<>();

    /** Id of this process in heartbeats, unique per replica; defaults to the host name and a random suffix. */
    private String instanceId;

    /**
     * Runs the routes without the broker: no queue declared or consumed, no heartbeat; requests are handed to the
     * routes in the process. Set by the route author's commands (bin/check-routes, bin/run-route), not for a worker.
     */
    private boolean offline;

    /** Period of the heartbeats; the manager forgets a worker type after 60 s without one. */
    @NotNull
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    /** Requests a consumer takes from the broker ahead of the one it processes; 1 spreads long jobs evenly over replicas. */
    @Min(1)
    private int prefetch = 1;

    /** Requests processed in parallel by one process (one consumer and one thread each). */
    @Min(1)
    @Max(256)
    private int concurrency = 1;

    /** Send a RUNNING response (confirmed) before processing each request. */
    private boolean sendRunning;

    /** On shutdown, how long in-flight requests may run on; the unfinished ones stay unacknowledged and are redelivered. */
    @NotNull
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** How long to wait for the broker to confirm one publication before trying it again. */
    @NotNull
    private Duration confirmTimeout = Duration.ofSeconds(10);

    /**
     * Bound of the whole processing of one request (every attempt); past it the request is answered ERROR naming this
     * setting. Keep it below the broker's consumer_timeout.
     */
    @NotNull
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    /** Share of worker.request-timeout (above 0, at most 1) after which a request still running is logged once with its id. */
    private double slowRequestWarning = DEFAULT_SLOW_REQUEST_WARNING;

    /** Time an interrupted route (past worker.request-timeout) has to stop; past it its thread is abandoned as stuck. */
    @NotNull
    private Duration interruptGrace = DEFAULT_INTERRUPT_GRACE;

    /** Largest request body processed; a larger one is answered INVALID_CONTENT before any step reads it. */
    @NotNull
    private DataSize maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

    /**
     * The broker's max_message_size: the AMQP client accepts bodies up to it (or up to worker.max-request-size if larger),
     * so that every message the broker delivers can be received and answered.
     */
    @NotNull
    private DataSize brokerMaxMessageSize = DEFAULT_BROKER_MAX_MESSAGE_SIZE;

    /** Retries of requests that fail unexpectedly, and the redelivery limit. */
    @Valid
    private final Retry retry = new Retry();

    /** Names and arguments of the Worker Manager's exchanges and queues. */
    @Valid
    private final Topology topology = new Topology();

    /** Local file access of the steps. */
    @Valid
    private final Files files = new Files();

    @AssertTrue(message = "worker.request-timeout must be at least 1s")
    public boolean isRequestTimeoutPositive() {
        return requestTimeout == null || requestTimeout.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "worker.slow-request-warning must be above 0 and at most 1: it is a share of worker.request-timeout")
    public boolean isSlowRequestWarningAShare() {
        return slowRequestWarning > 0 && slowRequestWarning <= 1;
    }

    @AssertTrue(message = "worker.interrupt-grace must not be negative")
    public boolean isInterruptGraceValid() {
        return interruptGrace == null || !interruptGrace.isNegative();
    }

    @AssertTrue(message = "worker.max-request-size and worker.broker-max-message-size must be positive and at most 2GB "
            + "(the AMQP client's largest body)")
    public boolean isMessageSizeSupported() {
        return isSupportedBodySize(maxRequestSize) && isSupportedBodySize(brokerMaxMessageSize);
    }

    /** The AMQP client's inbound body limit: whatever the broker may deliver, and at least the largest request processed. */
    public int inboundBodyLimit() {
        return (int) Math.max(maxRequestSize.toBytes(), brokerMaxMessageSize.toBytes());
    }

    private static boolean isSupportedBodySize(DataSize size) {
        return size == null || (size.toBytes() > 0 && size.toBytes() <= Integer.MAX_VALUE);
    }

    @AssertTrue(message = "worker.heartbeat-interval must be between 1s and 30s: the manager forgets a worker type after 60 s without heartbeat")
    public boolean isHeartbeatIntervalSafe() {
        return heartbeatInterval == null
                || (heartbeatInterval.compareTo(Duration.ofSeconds(1)) >= 0 && heartbeatInterval.compareTo(Duration.ofSeconds(30)) <= 0);
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public List<String> getTenants() { return tenants; }
    public void setTenants(List<String> tenants) { this.tenants = tenants; }
    public String getInstanceId() { return instanceId; }
    public void setInstanceId(String instanceId) { this.instanceId = instanceId; }
    public boolean isOffline() { return offline; }
    public void setOffline(boolean offline) { this.offline = offline; }
    public Duration getHeartbeatInterval() { return heartbeatInterval; }
    public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }
    public int getPrefetch() { return prefetch; }
    public void setPrefetch(int prefetch) { this.prefetch = prefetch; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    public boolean isSendRunning() { return sendRunning; }
    public void setSendRunning(boolean sendRunning) { this.sendRunning = sendRunning; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public Duration getConfirmTimeout() { return confirmTimeout; }
    public void setConfirmTimeout(Duration confirmTimeout) { this.confirmTimeout = confirmTimeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public double getSlowRequestWarning() { return slowRequestWarning; }
    public void setSlowRequestWarning(double slowRequestWarning) { this.slowRequestWarning = slowRequestWarning; }
    public Duration getInterruptGrace() { return interruptGrace; }
    public void setInterruptGrace(Duration interruptGrace) { this.interruptGrace = interruptGrace; }
    public DataSize getMaxRequestSize() { return maxRequestSize; }
    public void setMaxRequestSize(DataSize maxRequestSize) { this.maxRequestSize = maxRequestSize; }
    public DataSize getBrokerMaxMessageSize() { return brokerMaxMessageSize; }
    public void setBrokerMaxMessageSize(DataSize brokerMaxMessageSize) { this.brokerMaxMessageSize = brokerMaxMessageSize; }
    public Retry getRetry() { return retry; }
    public Topology getTopology() { return topology; }
    public Files getFiles() { return files; }

    /**
     * Retry policy of unexpected failures (any exception but InvalidContentException and ProcessingErrorException):
     * attempts in this process with backoff, then the manager's DLQ; and the limit of unanswered deliveries.
     */
    public static class Retry extends Backoff {

        /** Deliveries of a request that ended without an answer (the process died) before it is dead-lettered. */
        @Min(2)
        private int maxDeliveries = DEFAULT_MAX_DELIVERIES;

        public int getMaxDeliveries() { return maxDeliveries; }
        public void setMaxDeliveries(int maxDeliveries) { this.maxDeliveries = maxDeliveries; }
    }

    /** Broker objects; the defaults are the Worker Manager's own names, which must not differ from it. */
    public static class Topology {

        /**
         * Declare the objects at start-up, on every new connection and when the request queue is deleted, exactly as the
         * manager does; false: wait for the manager to declare the request queue before consuming it.
         */
        private boolean declare = true;

        /** Template of the request exchange name, given the lower-cased worker type. */
        @NotBlank
        private String requestExchangeTemplate = "regards.worker.%s.request";

        /** Template of the request queue name, given the lower-cased worker type. */
        @NotBlank
        private String requestQueueTemplate = "regards.worker.%s.request";

        /** Topic exchange the responses are published to. */
        @NotBlank
        private String responseExchange = "regards.worker.manager.response";

        /** Topic exchange the heartbeats are published to. */
        @NotBlank
        private String heartbeatExchange = "regards.worker.manager.heartbeat";

        /** Fanout exchange of the manager's request DLQ, where dead-lettered requests go. */
        @NotBlank
        private String requestDlqExchange = "regards.worker.manager.request.dlq";

        /** Queue of the manager's request DLQ, declared so that dead letters are kept while the manager is away. */
        @NotBlank
        private String requestDlqQueue = "regards.worker.manager.request.dlq";

        /** Dead-letter exchange argument of the request queue. */
        @NotBlank
        private String deadLetterExchange = "regards.DLX";

        /** Dead-letter routing key argument of the request queue. */
        @NotBlank
        private String deadLetterRoutingKey = "regards.worker.manager.request.dlq";

        /** Fanout exchange where new requests are submitted to the manager. */
        @NotBlank
        private String requestEventExchange = "regards.broadcast.fr.cnes.regards.modules.workermanager.amqp.events.in.RequestEvent";

        /** x-max-priority argument of every REGARDS queue. */
        @Min(1)
        @Max(255)
        private int maxPriority = 255;

        public WorkerTopology toWorkerTopology() {
            return new WorkerTopology(requestExchangeTemplate, requestQueueTemplate, responseExchange, heartbeatExchange,
                    requestDlqExchange, requestDlqQueue, deadLetterExchange, deadLetterRoutingKey, requestEventExchange,
                    maxPriority);
        }

        public boolean isDeclare() { return declare; }
        public void setDeclare(boolean declare) { this.declare = declare; }
        public String getRequestExchangeTemplate() { return requestExchangeTemplate; }
        public void setRequestExchangeTemplate(String v) { this.requestExchangeTemplate = v; }
        public String getRequestQueueTemplate() { return requestQueueTemplate; }
        public void setRequestQueueTemplate(String v) { this.requestQueueTemplate = v; }
        public String getResponseExchange() { return responseExchange; }
        public void setResponseExchange(String v) { this.responseExchange = v; }
        public String getHeartbeatExchange() { return heartbeatExchange; }
        public void setHeartbeatExchange(String v) { this.heartbeatExchange = v; }
        public String getRequestDlqExchange() { return requestDlqExchange; }
        public void setRequestDlqExchange(String v) { this.requestDlqExchange = v; }
        public String getRequestDlqQueue() { return requestDlqQueue; }
        public void setRequestDlqQueue(String v) { this.requestDlqQueue = v; }
        public String getDeadLetterExchange() { return deadLetterExchange; }
        public void setDeadLetterExchange(String v) { this.deadLetterExchange = v; }
        public String getDeadLetterRoutingKey() { return deadLetterRoutingKey; }
        public void setDeadLetterRoutingKey(String v) { this.deadLetterRoutingKey = v; }
        public String getRequestEventExchange() { return requestEventExchange; }
        public void setRequestEventExchange(String v) { this.requestEventExchange = v; }
        public int getMaxPriority() { return maxPriority; }
        public void setMaxPriority(int maxPriority) { this.maxPriority = maxPriority; }
    }

    /** Local file access. */
    public static class Files {

        /** Directories the steps may read, write or delete in; a path from a request outside them is refused. */
        private List<Path> allowedRoots = new ArrayList<>();

        public List<Path> getAllowedRoots() { return allowedRoots; }
        public void setAllowedRoots(List<Path> allowedRoots) { this.allowedRoots = allowedRoots; }
    }
}
