package io.camelworker.reliability;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.SecondBrokerNode;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message the worker publishes is persistent, even when the request it answers or copies was not: a dead letter,
 * a re-queued copy of a redelivered request, a response and a new request all survive a broker restart that comes
 * between their publication and their consumption. On a RabbitMQ node of the test's own (port 5674).
 */
class PersistentPublicationsIT {

    static final int PORT = 5674;
    static final String SPRING_RETURN_HEADER = "spring_listener_return_correlation";
    static final String SPRING_CORRELATION_HEADER = "spring_returned_message_correlation";
    static SecondBrokerNode broker;

    @TempDir
    Path logs;
    FakeWorkerManager manager;
    WorkerProcess worker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = SecondBrokerNode.start("camel-worker-persist", PORT, List.of(), "[].");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void deadLettersRequeuedCopiesResponsesAndNewRequestsOfTransientRequestsSurviveABrokerRestart() throws Exception {
        String type = FakeWorkerManager.uniqueType("persist-worker");
        String queue = FakeWorkerManager.requestQueue(type);
        String responses = "persist-test.responses." + type;
        String newRequests = "persist-test.new-requests." + type;
        String deadLetters = "persist-test.dead-letters." + type;
        String redeliveredId;
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            FakeWorkerManager.declareAsTheManager(channel, type);
            // Durable queues nobody consumes until the broker has restarted: what is in them then was kept on disk.
            declareDurableQueue(channel, responses, FakeWorkerManager.RESPONSE_EXCHANGE, BuiltinExchangeType.TOPIC);
            declareDurableQueue(channel, newRequests, FakeWorkerManager.REQUEST_EVENT_EXCHANGE, BuiltinExchangeType.FANOUT);
            declareDurableQueue(channel, deadLetters, FakeWorkerManager.REQUEST_DLQ, BuiltinExchangeType.FANOUT);

            // A transient request the broker then redelivers (taken and given back unacknowledged): the worker re-queues
            // a counted copy of it.
            redeliveredId = publishTransient(channel, queue, requestHeaders(type), "redelivered");
            try (Channel taker = connection.createChannel()) {
                taker.basicQos(1);
                GetResponse taken = await().atMost(Duration.ofSeconds(10)).until(() -> taker.basicGet(queue, false), r -> r != null);
                assertThat(taken.getProps().getHeaders().get("regards.request.id").toString()).isEqualTo(redeliveredId);
            }
        }
        manager = new FakeWorkerManager(type, PORT);
        // A transient request without a request id, carrying the headers a Spring AMQP client adds: dead-lettered.
        Map<String, Object> noId = requestHeaders(type);
        noId.remove("regards.request.id");
        noId.put(SPRING_RETURN_HEADER, "some-template-uuid");
        noId.put(SPRING_CORRELATION_HEADER, "42");
        String answeredId;
        String submittingId;
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            publishTransient(channel, queue, noId, "no id");
            answeredId = publishTransient(channel, queue, requestHeaders(type), "hello");
            submittingId = publishTransient(channel, queue, requestHeaders(type), "submit");
        }
        List<String> arguments = new ArrayList<>(List.of(WorkerProcess.slowWorkerArguments(type, "persist-1",
                "--spring.rabbitmq.port=" + PORT, "--test.slow.millis=3000")));
        arguments.replaceAll(a -> a.contains("slow.camel.yaml") ? a.replace("slow.camel.yaml", "persist.camel.yaml") : a);
        worker = WorkerProcess.start(logs, "persist-1", arguments.toArray(String[]::new));
        await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, "persist-1") > 0 || !worker.isAlive());
        assertThat(worker.isAlive()).as("worker started").isTrue();

        // The others are answered; the re-queued copy, last in the queue, is being processed: restart now.
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> !manager.answers(submittingId).isEmpty()
                    && !manager.newRequests().isEmpty() && !manager.allDeadLetters().isEmpty());
        } catch (ConditionTimeoutException e) {
            String log = worker.log();
            throw new AssertionError("answers " + manager.allResponses().size() + ", new requests " + manager.newRequests().size()
                    + ", dead letters " + manager.allDeadLetters().size() + "; worker log (end):\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
        assertThat(manager.answers(redeliveredId)).as("the copy must still be unanswered when the broker restarts").isEmpty();
        broker.stopApp();
        broker.startApp();

        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            GetResponse deadLetter = channel.basicGet(deadLetters, true);
            assertThat(deadLetter).as("dead letter kept across the restart").isNotNull();
            assertThat(deadLetter.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(deadLetter.getProps().getHeaders()).containsKey("x-exception-stacktrace")
                    .doesNotContainKeys(SPRING_RETURN_HEADER, SPRING_CORRELATION_HEADER);

            List<GetResponse> kept = drain(channel, responses);
            List<String> answered = kept.stream().map(r -> r.getProps().getHeaders().get("regards.request.id").toString()).toList();
            assertThat(answered).as("responses kept across the restart").contains(answeredId, submittingId);
            assertThat(kept).allSatisfy(response -> {
                assertThat(response.getProps().getDeliveryMode()).isEqualTo(2);
                assertThat(response.getProps().getHeaders()).doesNotContainKeys(SPRING_RETURN_HEADER, SPRING_CORRELATION_HEADER);
            });

            GetResponse newRequest = channel.basicGet(newRequests, true);
            assertThat(newRequest).as("new request kept across the restart").isNotNull();
            assertThat(newRequest.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(new String(newRequest.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"child\":true}");

            // The copy of the redelivered request was in the queue (or being processed) during the restart: it is answered.
            await().atMost(Duration.ofMinutes(2)).until(() -> drain(channel, responses).stream()
                    .anyMatch(r -> redeliveredId.equals(r.getProps().getHeaders().get("regards.request.id").toString())));
            channel.queueDelete(responses);
            channel.queueDelete(newRequests);
            channel.queueDelete(deadLetters);
        }
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(PORT);
        return factory.newConnection("persist-test");
    }

    private static void declareDurableQueue(Channel channel, String queue, String exchange, BuiltinExchangeType type)
            throws Exception {
        channel.exchangeDeclare(exchange, type, true);
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, exchange, "#");
    }

    private static List<GetResponse> drain(Channel channel, String queue) throws Exception {
        List<GetResponse> messages = new ArrayList<>();
        for (GetResponse message = channel.basicGet(queue, true); message != null; message = channel.basicGet(queue, true)) {
            messages.add(message);
        }
        return messages;
    }

    private static Map<String, Object> requestHeaders(String type) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", UUID.randomUUID().toString());
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", type + "-request");
        return headers;
    }

    /** Publishes a request as a client that does not ask for persistence (delivery mode 1). */
    private static String publishTransient(Channel channel, String queue, Map<String, Object> headers, String body)
            throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json").priority(0)
                .deliveryMode(1).headers(headers).build();
        channel.basicPublish(queue, "#", properties, body.getBytes(StandardCharsets.UTF_8));
        Object id = headers.get("regards.request.id");
        return id == null ? null : id.toString();
    }
}
