package io.camelworker.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.config.WorkerProperties;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.WorkerHeartbeat;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.protocol.WorkerTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes everything a worker sends: responses, dead letters, counted redeliveries, new requests and heartbeats.
 *
 * <p>Every publication but the heartbeat is mandatory and waits for the broker's confirm; it is tried again, with
 * backoff, until the broker has taken it (routed to a queue and confirmed) or the consumer stops. Only then may the
 * request be acknowledged. Publications go through Spring AMQP's separate publisher connection, so that flow control
 * on a busy publishing connection does not hold back the acknowledgements of the consuming one.
 */
public class ManagerPublisher {

    /** Header counting the deliveries of a request that ended without an answer (classic queues keep no delivery count). */
    public static final String DELIVERIES_HEADER = "x-camel-worker-deliveries";

    /** Stack traces are cut to this length: AMQP headers must fit in one frame (128 KiB by default). */
    static final int MAX_STACKTRACE_CHARS = 16_000;

    private static final Logger LOG = LoggerFactory.getLogger(ManagerPublisher.class);

    /** Protocol JSON, independent of the application's ObjectMapper customisations. */
    private static final ObjectMapper PROTOCOL_JSON = JsonMapper.builder().build();

    private final RabbitTemplate confirmed;
    private final RabbitTemplate heartbeats;
    private final WorkerTopology topology;
    private final Duration confirmTimeout;
    private final WorkerProperties.Retry retry;

    public ManagerPublisher(ConnectionFactory connectionFactory, WorkerTopology topology, Duration confirmTimeout,
                            WorkerProperties.Retry retry) {
        this.confirmed = new RabbitTemplate(connectionFactory);
        this.confirmed.setUsePublisherConnection(true);
        this.confirmed.setMandatory(true);
        this.heartbeats = new RabbitTemplate(connectionFactory);
        this.heartbeats.setUsePublisherConnection(true);
        this.topology = topology;
        this.confirmTimeout = confirmTimeout;
        this.retry = retry;
    }

    public WorkerTopology topology() {
        return topology;
    }

    /** Publishes a response to the manager, with the request's REGARDS headers. */
    public void respond(RequestContext request, WorkerResponse response, StopSignal stop) {
        MessageProperties properties = jsonProperties();
        properties.setHeader(RegardsHeaders.TENANT, request.tenant());
        properties.setHeader(RegardsHeaders.REQUEST_ID, request.requestId());
        setIfPresent(properties, RegardsHeaders.REQUEST_OWNER, request.owner());
        setIfPresent(properties, RegardsHeaders.REQUEST_SESSION, request.session());
        setIfPresent(properties, RegardsHeaders.REQUEST_CONTENT_TYPE, request.contentType());
        publishConfirmed(topology.responseExchange(), WorkerTopology.ROUTING_KEY_ALL,
                new Message(json(response), properties), stop);
    }

    /** Sends the request, unchanged but for {@code x-exception-stacktrace}, to the manager's request DLQ. */
    public void deadLetter(Message request, String stacktrace, StopSignal stop) {
        String cut = stacktrace.length() > MAX_STACKTRACE_CHARS ? stacktrace.substring(0, MAX_STACKTRACE_CHARS) : stacktrace;
        Message deadLetter = MessageBuilder.fromClonedMessage(request)
                .setHeader(RegardsHeaders.EXCEPTION_STACKTRACE, cut)
                .build();
        publishConfirmed(topology.requestDlqExchange(), "", deadLetter, stop);
    }

    /** Puts a copy of the request back at the end of its queue, carrying its count of unanswered deliveries. */
    public void requeueCounted(Message request, String queue, int deliveries, StopSignal stop) {
        Message copy = MessageBuilder.fromClonedMessage(request).setHeader(DELIVERIES_HEADER, deliveries).build();
        publishConfirmed("", queue, copy, stop);
    }

    /** Submits a brand-new request to the manager, as a REGARDS client does (protocol spec §3 "Chained new request"). */
    public void submitRequest(RequestContext newRequest, byte[] body, StopSignal stop) {
        MessageProperties properties = jsonProperties();
        properties.setHeader(RegardsHeaders.TENANT, newRequest.tenant());
        properties.setHeader(RegardsHeaders.REQUEST_ID, newRequest.requestId());
        properties.setHeader(RegardsHeaders.REQUEST_OWNER, newRequest.owner());
        properties.setHeader(RegardsHeaders.REQUEST_SESSION, newRequest.session());
        properties.setHeader(RegardsHeaders.REQUEST_CONTENT_TYPE, newRequest.contentType());
        publishConfirmed(topology.requestEventExchange(), "", new Message(body, properties), stop);
    }

    /** Publishes one heartbeat, unconfirmed: a lost one is replaced by the next. */
    public void heartbeat(String tenant, WorkerHeartbeat heartbeat) {
        MessageProperties properties = jsonProperties();
        properties.setHeader(RegardsHeaders.TENANT, tenant);
        heartbeats.send(topology.heartbeatExchange(), heartbeat.type(), new Message(json(heartbeat), properties));
    }

    /**
     * Publishes and waits for the broker's confirm, trying again with backoff until it is taken or {@code stop} is raised.
     * Steps use it for their own confirmed publications to other REGARDS services (e.g. the Feature Manager).
     *
     * @throws PublishAbortedException when {@code stop} is raised before the broker took the message
     */
    public void publishConfirmed(String exchange, String routingKey, Message message, StopSignal stop) {
        for (int attempt = 1; ; attempt++) {
            String problem = tryPublish(exchange, routingKey, message);
            if (problem == null) {
                return;
            }
            Duration pause = retry.backoff(attempt);
            LOG.warn("Publication to exchange '{}' not confirmed ({}), attempt {}; trying again in {} ms",
                    exchange, problem, attempt, pause.toMillis());
            if (stop.awaitFor(pause)) {
                throw new PublishAbortedException("publication to exchange '" + exchange + "' given up: the worker is stopping ("
                        + problem + ")");
            }
        }
    }

    /** One publication; answers null when confirmed, else what went wrong. */
    private String tryPublish(String exchange, String routingKey, Message message) {
        CorrelationData correlation = new CorrelationData();
        try {
            confirmed.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            ReturnedMessage returned = correlation.getReturned();
            if (returned != null) {
                return "unroutable: " + returned.getReplyText() + ", no queue is bound to exchange '" + exchange + "'";
            }
            return confirm.isAck() ? null : "refused by the broker: " + confirm.getReason();
        } catch (TimeoutException e) {
            return "no confirm within " + confirmTimeout.toMillis() + " ms";
        } catch (ExecutionException | AmqpException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static MessageProperties jsonProperties() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return properties;
    }

    private static void setIfPresent(MessageProperties properties, String header, String value) {
        if (value != null) {
            properties.setHeader(header, value);
        }
    }

    private static byte[] json(Object value) {
        try {
            return PROTOCOL_JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
