package io.camelworker.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rabbitmq.client.AMQP;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.TraceContext;
import io.camelworker.protocol.WorkerHeartbeat;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.protocol.WorkerTopology;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.PublisherCallbackChannel;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes everything a worker sends: responses, dead letters, counted redeliveries, new requests and heartbeats.
 *
 * <p>Every publication but the heartbeat is persistent (whatever the message it was copied from), mandatory, and
 * confirmed: the future it answers completes once the broker has taken it (routed to a queue and confirmed). A
 * publication refused, returned or not confirmed in time is published again, with backoff, until it is taken or the
 * consumer stops; only then may the request be acknowledged. Publishing does not wait for the confirm, so a consumer
 * can take its next request meanwhile. Publications go through Spring AMQP's separate publisher connection, so that
 * flow control on a busy publishing connection does not hold back the acknowledgements of the consuming one.
 */
public class ManagerPublisher {

    /** Header counting the deliveries of a request that ended without an answer (classic queues keep no delivery count). */
    public static final String DELIVERIES_HEADER = "x-camel-worker-deliveries";

    /** Spring AMQP's own return-correlation headers, which a request sent by a Spring client may carry: never passed on. */
    static final List<String> SPRING_CORRELATION_HEADERS = List.of(PublisherCallbackChannel.RETURN_LISTENER_CORRELATION_KEY,
            PublisherCallbackChannel.RETURNED_MESSAGE_CORRELATION_KEY);

    /** Stack traces are cut to this length: AMQP headers must fit in one frame (128 KiB by default). */
    static final int MAX_STACKTRACE_CHARS = 16_000;

    private static final Logger LOG = LoggerFactory.getLogger(ManagerPublisher.class);

    /** Protocol JSON, independent of the application's ObjectMapper customisations. */
    private static final ObjectMapper PROTOCOL_JSON = JsonMapper.builder().build();
    /** Bound to their types, so that each serializer is found once rather than looked up for each message. */
    private static final ObjectWriter RESPONSE_JSON = PROTOCOL_JSON.writerFor(WorkerResponse.class);
    private static final ObjectWriter HEARTBEAT_JSON = PROTOCOL_JSON.writerFor(WorkerHeartbeat.class);

    private final PublisherChannels channels;
    private final RabbitTemplate heartbeats;
    private final WorkerTopology topology;
    private final Duration confirmTimeout;
    private final RetryPolicy retry;
    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    /**
     * @param retry              the pauses between attempts ({@code worker.retry.*}); attempts go on until the broker
     *                           takes the message or the consumer stops, whatever the policy's number of attempts
     * @param publishingChannels channels of the publisher connection shared by the publishing threads
     */
    public ManagerPublisher(ConnectionFactory connectionFactory, WorkerTopology topology, Duration confirmTimeout,
                            RetryPolicy retry, int publishingChannels) {
        this.channels = new PublisherChannels(connectionFactory, publishingChannels);
        this.heartbeats = new RabbitTemplate(connectionFactory);
        this.heartbeats.setUsePublisherConnection(true);
        this.topology = topology;
        this.confirmTimeout = confirmTimeout;
        this.retry = retry;
    }

    public WorkerTopology topology() {
        return topology;
    }

    /** Publishes a response to the manager, with the request's REGARDS headers and its trace context. */
    public CompletableFuture<Void> respond(RequestContext request, WorkerResponse response, StopSignal stop) {
        // Built as AMQP properties at once: going through Spring's MessageProperties and its converter was 5 % of the
        // request path's CPU.
        Map<String, Object> headers = new HashMap<>(12);
        headers.put(RegardsHeaders.TENANT, request.tenant());
        headers.put(RegardsHeaders.REQUEST_ID, request.requestId());
        putIfPresent(headers, RegardsHeaders.REQUEST_OWNER, request.owner());
        putIfPresent(headers, RegardsHeaders.REQUEST_SESSION, request.session());
        putIfPresent(headers, RegardsHeaders.REQUEST_CONTENT_TYPE, request.contentType());
        request.trace().addTo(headers);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(MessageProperties.CONTENT_TYPE_JSON)
                .contentEncoding(StandardCharsets.UTF_8.name()).priority(0)
                .deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.PERSISTENT)).headers(headers).build();
        return publish(topology.responseExchange(), WorkerTopology.ROUTING_KEY_ALL, json(RESPONSE_JSON, response), properties, stop);
    }

    /**
     * Sends the request, unchanged but for {@code x-exception-stacktrace}, to the manager's request DLQ; shortened to fit
     * in one frame when its headers would not (see {@link DeadLetterFit}). Being the request itself, it keeps its
     * {@code traceparent} and {@code tracestate} as they came, unless {@code trace} (the worker's span, when tracing is
     * on) replaces them.
     */
    public CompletableFuture<Void> deadLetter(Message request, String stacktrace, TraceContext trace, StopSignal stop) {
        String cut = stacktrace.length() > MAX_STACKTRACE_CHARS ? stacktrace.substring(0, MAX_STACKTRACE_CHARS) : stacktrace;
        AMQP.BasicProperties properties = persistent(request.getMessageProperties(), Map.of(RegardsHeaders.EXCEPTION_STACKTRACE, cut),
                trace);
        int bodyLength = request.getBody().length;
        try {
            properties = DeadLetterFit.fit(properties, channels.frameMax(), p -> ConfirmingChannel.headerFrameSize(p, bodyLength));
        } catch (IOException e) {
            // No connection now: published as it is; should it not fit, the publication is refused for good.
        }
        return publish(topology.requestDlqExchange(), "", request.getBody(), properties, stop);
    }

    /** Puts a copy of the request (its trace context included) back at the end of its queue, with its count of unanswered deliveries. */
    public CompletableFuture<Void> requeueCounted(Message request, String queue, int deliveries, StopSignal stop) {
        return publish("", queue, request.getBody(), persistent(request.getMessageProperties(), Map.of(DELIVERIES_HEADER, deliveries)),
                stop);
    }

    /**
     * Submits a brand-new request to the manager, as a REGARDS client does (protocol spec §3 "Chained new request"), in
     * the trace of {@code newRequest}.
     */
    public void submitRequest(RequestContext newRequest, byte[] body, StopSignal stop) {
        MessageProperties properties = jsonProperties();
        properties.setHeader(RegardsHeaders.TENANT, newRequest.tenant());
        properties.setHeader(RegardsHeaders.REQUEST_ID, newRequest.requestId());
        properties.setHeader(RegardsHeaders.REQUEST_OWNER, newRequest.owner());
        properties.setHeader(RegardsHeaders.REQUEST_SESSION, newRequest.session());
        properties.setHeader(RegardsHeaders.REQUEST_CONTENT_TYPE, newRequest.contentType());
        newRequest.trace().addTo(properties.getHeaders());
        publishConfirmed(topology.requestEventExchange(), "", new Message(body, properties), stop);
    }

    /** Publishes one heartbeat, unconfirmed: a lost one is replaced by the next. */
    public void heartbeat(String tenant, WorkerHeartbeat heartbeat) {
        MessageProperties properties = jsonProperties();
        properties.setHeader(RegardsHeaders.TENANT, tenant);
        heartbeats.send(topology.heartbeatExchange(), heartbeat.type(), new Message(json(HEARTBEAT_JSON, heartbeat), properties));
    }

    /**
     * Publishes and waits until the broker has taken the message, trying again with backoff. Steps use it for their own
     * confirmed publications to other REGARDS services (e.g. the Feature Manager).
     *
     * @throws PublishAbortedException when {@code stop} is raised or the thread interrupted before the broker took the
     *                                 message, or the broker can never take it
     */
    public void publishConfirmed(String exchange, String routingKey, Message message, StopSignal stop) {
        await(publish(exchange, routingKey, message, stop));
    }

    /** Publishes without waiting: the future completes once the broker has taken the message (see the class comment). */
    public CompletableFuture<Void> publish(String exchange, String routingKey, Message message, StopSignal stop) {
        return publish(exchange, routingKey, message.getBody(), persistent(message.getMessageProperties(), Map.of()), stop);
    }

    /**
     * Waits for a publication of this class.
     *
     * @throws PublishAbortedException when it was given up, or the waiting thread was interrupted (it is then cancelled)
     */
    public static void await(CompletableFuture<Void> publication) {
        try {
            publication.get();
        } catch (InterruptedException e) {
            publication.cancel(false);
            Thread.currentThread().interrupt();
            throw new PublishAbortedException("publication given up: the thread was interrupted");
        } catch (ExecutionException e) {
            throw aborted(e.getCause());
        }
    }

    /** The reason a publication of this class was given up, as the exception to throw. */
    public static PublishAbortedException aborted(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PublishAbortedException aborted) {
            return aborted;
        }
        if (cause instanceof CancellationException) {
            return new PublishAbortedException("publication cancelled");
        }
        return new PublishAbortedException("publication failed: " + cause);
    }

    /**
     * Every publication but the heartbeat goes through here; protected so that the route author's commands can record
     * what a route would publish instead of sending it (bin/run-route).
     */
    protected CompletableFuture<Void> publish(String exchange, String routingKey, byte[] body, AMQP.BasicProperties properties,
                                              StopSignal stop) {
        CompletableFuture<Void> taken = new CompletableFuture<>();
        attempt(new Publication(exchange, routingKey, properties, body, stop, taken), 1);
        return taken;
    }

    /** One attempt; on failure the next is scheduled after the backoff (never on the connection's own thread). */
    private void attempt(Publication publication, int attempt) {
        if (publication.taken.isDone()) {
            return;
        }
        CompletableFuture<Void> confirmed;
        try {
            confirmed = channels.channel().publish(publication.exchange, publication.routingKey, publication.properties,
                    publication.body);
        } catch (IOException | RuntimeException e) {
            confirmed = CompletableFuture.failedFuture(new PublicationFailure(String.valueOf(e.getMessage()), false));
        }
        confirmed.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure == null) {
                publication.taken.complete(null);
                return;
            }
            String problem = failure instanceof TimeoutException
                    ? "no confirm within " + confirmTimeout.toMillis() + " ms" : failure.getMessage();
            if (failure instanceof PublicationFailure refused && refused.isPermanent()) {
                publication.taken.completeExceptionally(new PublicationRefusedException(
                        "publication to exchange '" + publication.exchange + "' refused for good: " + problem));
                return;
            }
            if (publication.stop.isRaised()) {
                publication.taken.completeExceptionally(new PublishAbortedException("publication to exchange '"
                        + publication.exchange + "' given up: the worker is stopping (" + problem + ")"));
                return;
            }
            LOG.warn("Publication to exchange '{}' not confirmed ({}), attempt {}; trying again in {} ms",
                    publication.exchange, problem, attempt, retry.pauseAfter(attempt).toMillis());
            retry.pauseAsync(attempt, publication.stop).thenRun(() -> {
                if (publication.stop.isRaised()) {
                    publication.taken.completeExceptionally(new PublishAbortedException("publication to exchange '"
                            + publication.exchange + "' given up: the worker is stopping (" + problem + ")"));
                } else {
                    attempt(publication, attempt + 1);
                }
            });
        });
    }

    /**
     * The AMQP properties of a message to publish: persistent whatever the message they come from (a request copied from
     * a transient one included), without Spring AMQP's correlation headers, with {@code extraHeaders} added.
     */
    private AMQP.BasicProperties persistent(MessageProperties properties, Map<String, Object> extraHeaders) {
        return persistent(properties, extraHeaders, null);
    }

    /** The properties of a copy of a message, with these headers added, and in {@code trace} when not null. */
    private AMQP.BasicProperties persistent(MessageProperties properties, Map<String, Object> extraHeaders, TraceContext trace) {
        AMQP.BasicProperties converted = converter.fromMessageProperties(properties, StandardCharsets.UTF_8.name());
        Map<String, Object> headers = converted.getHeaders() == null ? new HashMap<>() : new HashMap<>(converted.getHeaders());
        SPRING_CORRELATION_HEADERS.forEach(headers::remove);
        headers.putAll(extraHeaders);
        if (trace != null) {
            headers.remove(TraceContext.TRACEPARENT);
            headers.remove(TraceContext.TRACESTATE);
            trace.addTo(headers);
        }
        return converted.builder().deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.PERSISTENT)).headers(headers).build();
    }

    private static MessageProperties jsonProperties() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return properties;
    }

    private static void putIfPresent(Map<String, Object> headers, String header, String value) {
        if (value != null) {
            headers.put(header, value);
        }
    }

    private static byte[] json(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** A message to publish until the broker takes it. */
    private record Publication(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
                               StopSignal stop, CompletableFuture<Void> taken) {
    }
}
