package io.camelworker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.awaitility.core.ConditionFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Plays the REGARDS Worker Manager against the real broker, with the plain RabbitMQ client: declares the request
 * exchange and queue of a worker type exactly as the manager does (protocol spec §1), submits requests with the
 * manager's headers and properties (§2), and records every response (§3), heartbeat (§4) and dead letter (§7).
 *
 * <p>It observes through exclusive queues of its own bound to the manager's exchanges, so several test runs on one
 * broker never take each other's messages.
 */
public final class FakeWorkerManager implements AutoCloseable {

    public static final String RESPONSE_EXCHANGE = "regards.worker.manager.response";
    public static final String HEARTBEAT_EXCHANGE = "regards.worker.manager.heartbeat";
    public static final String REQUEST_DLQ = "regards.worker.manager.request.dlq";
    public static final String REQUEST_EVENT_EXCHANGE = "regards.broadcast.fr.cnes.regards.modules.workermanager.amqp.events.in.RequestEvent";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often an await checks what arrived: cheap, in memory. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final String workerType;
    private final Connection connection;
    private final Channel channel;
    private final List<Response> responses = new CopyOnWriteArrayList<>();
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final List<NewRequest> newRequests = new CopyOnWriteArrayList<>();

    public FakeWorkerManager(String workerType) {
        this(workerType, 5672);
    }

    public FakeWorkerManager(String workerType, int port) {
        this(workerType, port, false);
    }

    /**
     * @param managerResponseQueue read responses from the manager's own durable response queue, declared exactly as the
     *                             manager declares it, instead of an exclusive queue: responses then survive a broker
     *                             restart, as they do in production. Only on a broker of the test's own.
     */
    public FakeWorkerManager(String workerType, int port, boolean managerResponseQueue) {
        this.workerType = workerType;
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(port);
            factory.setAutomaticRecoveryEnabled(true);
            factory.setNetworkRecoveryInterval(500);
            connection = factory.newConnection("fake-worker-manager");
            channel = connection.createChannel();
            declareAsTheManager(channel, workerType);
            Recorder responseRecorder = (headers, props, body) -> responses.add(Response.parse(headers, props, body));
            if (managerResponseQueue) {
                Map<String, Object> arguments = new HashMap<>();
                arguments.put("x-max-priority", 255);
                arguments.put("x-dead-letter-exchange", "regards.DLX");
                arguments.put("x-dead-letter-routing-key", RESPONSE_EXCHANGE + ".DLQ");
                channel.exchangeDeclare(RESPONSE_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
                channel.queueDeclare(RESPONSE_EXCHANGE, true, false, false, arguments);
                channel.queueBind(RESPONSE_EXCHANGE, RESPONSE_EXCHANGE, "#");
                consume(RESPONSE_EXCHANGE, responseRecorder);
            } else {
                observe(RESPONSE_EXCHANGE, BuiltinExchangeType.TOPIC, responseRecorder);
            }
            observe(HEARTBEAT_EXCHANGE, BuiltinExchangeType.TOPIC, (headers, props, body) ->
                    heartbeats.add(new Heartbeat(headers, props, JSON.readTree(body))));
            observe(REQUEST_DLQ, BuiltinExchangeType.FANOUT, (headers, props, body) ->
                    deadLetters.add(new DeadLetter(headers, body)));
            observe(REQUEST_EVENT_EXCHANGE, BuiltinExchangeType.FANOUT, (headers, props, body) ->
                    newRequests.add(new NewRequest(headers, body)));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ on 127.0.0.1:" + port, e);
        }
    }

    /** Declares a worker type's request exchange, queue and binding with the manager's exact properties. */
    public static void declareAsTheManager(Channel channel, String workerType) throws IOException {
        String name = requestQueue(workerType);
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, false, false, null);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-max-priority", 255);
        arguments.put("x-dead-letter-exchange", "regards.DLX");
        arguments.put("x-dead-letter-routing-key", REQUEST_DLQ);
        channel.queueDeclare(name, true, false, false, arguments);
        channel.queueBind(name, name, "#");
        channel.exchangeDeclare(RESPONSE_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        channel.exchangeDeclare(HEARTBEAT_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        channel.exchangeDeclare(REQUEST_DLQ, BuiltinExchangeType.FANOUT, true, false, false, null);
    }

    public static String requestQueue(String workerType) {
        return "regards.worker." + workerType.toLowerCase(Locale.ROOT) + ".request";
    }

    public static String uniqueType(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Channel channel() {
        return channel;
    }

    /** Submits a request as the manager dispatches it: five REGARDS headers, JSON content type, routing key {@code #}. */
    public String submit(String body) {
        return submit("project1", body);
    }

    public String submit(String tenant, String body) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", tenant);
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", workerType + "-request");
        publish(headers, body.getBytes(StandardCharsets.UTF_8));
        return requestId;
    }

    /** Publishes a request with exactly these headers. */
    public void publish(Map<String, Object> headers, byte[] body) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").priority(0).deliveryMode(2).appId("rs-worker-manager")
                .timestamp(new java.util.Date()).headers(headers).build();
        try {
            channel.basicPublish(requestQueue(workerType), "#", properties, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the final (not RUNNING) response of a request. */
    public Response awaitAnswer(String requestId, Duration timeout) {
        awaiting(timeout).until(() -> answers(requestId).size() > 0);
        return answers(requestId).get(0);
    }

    public Response awaitAnswer(String requestId) {
        return awaitAnswer(requestId, Duration.ofSeconds(30));
    }

    /** Every response received for a request, RUNNING included, in arrival order. */
    public List<Response> responses(String requestId) {
        return responses.stream().filter(r -> requestId.equals(r.requestId())).toList();
    }

    public List<Response> answers(String requestId) {
        return responses(requestId).stream().filter(r -> !"RUNNING".equals(r.status())).toList();
    }

    public List<Response> allResponses() {
        return List.copyOf(responses);
    }

    public Heartbeat awaitHeartbeat(Predicate<Heartbeat> matching, Duration timeout) {
        awaiting(timeout).until(() -> heartbeats.stream().anyMatch(matching));
        return heartbeats.stream().filter(matching).findFirst().orElseThrow();
    }

    public List<Heartbeat> heartbeats() {
        return List.copyOf(heartbeats);
    }

    public DeadLetter awaitDeadLetter(String requestId, Duration timeout) {
        awaiting(timeout).until(() -> deadLetters.stream().anyMatch(d -> requestId.equals(d.requestId())));
        return deadLetters.stream().filter(d -> requestId.equals(d.requestId())).findFirst().orElseThrow();
    }

    /**
     * Awaitility checks a condition first after its poll interval, 100 ms by default; a worker answers within
     * milliseconds, so a test that waits for hundreds of answers spent most of its time between two checks.
     */
    private static ConditionFactory awaiting(Duration timeout) {
        return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
    }

    public List<DeadLetter> deadLetters(String requestId) {
        return deadLetters.stream().filter(d -> requestId.equals(d.requestId())).toList();
    }

    public List<DeadLetter> allDeadLetters() {
        return List.copyOf(deadLetters);
    }

    public List<NewRequest> newRequests() {
        return List.copyOf(newRequests);
    }

    /**
     * The ids of these requests that received a final answer, each as many times as it was answered. Other test runs
     * on the broker answer other requests on the same exchange: only the given ids count.
     */
    public List<String> answersTo(Collection<String> requestIds) {
        Set<String> wanted = new HashSet<>(requestIds);
        return responses.stream().filter(r -> !"RUNNING".equals(r.status()) && wanted.contains(r.requestId()))
                .map(Response::requestId).toList();
    }

    /** Every response (RUNNING included) to these requests. */
    public List<Response> responsesTo(Collection<String> requestIds) {
        Set<String> wanted = new HashSet<>(requestIds);
        return responses.stream().filter(r -> wanted.contains(r.requestId())).toList();
    }

    /** Ready messages in the worker type's request queue (unacknowledged ones are not counted). */
    public long requestQueueDepth() {
        try {
            return channel.queueDeclarePassive(requestQueue(workerType)).getMessageCount();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one message from the request queue without the worker (for inspection), or null. */
    public GetResponse takeFromRequestQueue() throws IOException {
        return channel.basicGet(requestQueue(workerType), true);
    }

    /** Deletes the worker type's request queue and exchange, then disconnects. */
    @Override
    public void close() {
        try {
            channel.queueDelete(requestQueue(workerType));
            channel.exchangeDelete(requestQueue(workerType));
            connection.close();
        } catch (Exception e) {
            // closing a test fixture: nothing more to do
        }
    }

    @FunctionalInterface
    private interface Recorder {
        void record(Map<String, Object> headers, AMQP.BasicProperties properties, byte[] body) throws IOException;
    }

    private void observe(String exchange, BuiltinExchangeType type, Recorder recorder) throws IOException {
        channel.exchangeDeclare(exchange, type, true, false, false, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "#");
        consume(queue, recorder);
    }

    private void consume(String queue, Recorder recorder) throws IOException {
        channel.basicConsume(queue, true, (tag, delivery) -> {
            Map<String, Object> headers = new HashMap<>();
            if (delivery.getProperties().getHeaders() != null) {
                delivery.getProperties().getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
            }
            recorder.record(headers, delivery.getProperties(), delivery.getBody());
        }, tag -> { });
    }

    /** A response as the manager reads it. */
    public record Response(Map<String, Object> headers, AMQP.BasicProperties properties, JsonNode body) {

        static Response parse(Map<String, Object> headers, AMQP.BasicProperties properties, byte[] body) throws IOException {
            return new Response(headers, properties, JSON.readTree(body));
        }

        public String requestId() {
            return (String) headers.get("regards.request.id");
        }

        public String tenant() {
            return (String) headers.get("regards.tenant");
        }

        public String status() {
            return body.path("status").asText(null);
        }

        public List<String> messages() {
            List<String> messages = new ArrayList<>();
            body.path("messages").forEach(m -> messages.add(m.asText()));
            return messages;
        }

        /** The decoded {@code content}, or null when absent. */
        public byte[] content() {
            JsonNode content = body.get("content");
            return content == null || content.isNull() ? null : Base64.getDecoder().decode(content.asText());
        }

        public String contentText() {
            byte[] content = content();
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }

        public JsonNode contentJson() throws IOException {
            return JSON.readTree(content());
        }

        public Map<String, String> additionalHeaders() {
            Map<String, String> additional = new LinkedHashMap<>();
            body.path("additionalHeaders").fields().forEachRemaining(e -> additional.put(e.getKey(), e.getValue().asText()));
            return additional;
        }
    }

    /** A heartbeat with its headers. */
    public record Heartbeat(Map<String, Object> headers, AMQP.BasicProperties properties, JsonNode body) {
        public String type() {
            return body.path("type").asText();
        }

        public String id() {
            return body.path("id").asText();
        }
    }

    /** A request the worker dead-lettered. */
    public record DeadLetter(Map<String, Object> headers, byte[] body) {
        public String requestId() {
            return (String) headers.get("regards.request.id");
        }

        public String stacktrace() {
            return (String) headers.get("x-exception-stacktrace");
        }
    }

    /** A brand-new request a worker submitted to the manager. */
    public record NewRequest(Map<String, Object> headers, byte[] body) {
        public String header(String name) {
            return (String) headers.get(name);
        }
    }
}
