package io.camelworker.transport;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Confirmed publications against the real broker: what the broker did not take is published again, until stop. */
class ManagerPublisherIT {

    final String exchange = "publisher-test." + UUID.randomUUID();
    final String queue = exchange + ".queue";
    CachingConnectionFactory connectionFactory;
    ManagerPublisher publisher;
    Channel admin;
    final StopSignal stop = new StopSignal();

    @BeforeEach
    void connect() throws Exception {
        connectionFactory = new CachingConnectionFactory("127.0.0.1", 5672);
        connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connectionFactory.setPublisherReturns(true);
        publisher = publisherOn(connectionFactory);
        admin = connectionFactory.createConnection().createChannel(false);
        admin.exchangeDeclare(exchange, "topic", false, false, null);
    }

    @AfterEach
    void disconnect() throws Exception {
        stop.raise();
        admin.queueDelete(queue);
        admin.exchangeDelete(exchange);
        connectionFactory.destroy();
    }

    @Test
    void aReturnedPublicationIsPublishedAgainUntilAQueueIsBound() throws Exception {
        CompletableFuture<Void> taken = publisher.publish(exchange, "#", message("hello"), stop);
        // No queue bound: returned, so not taken, however long it is tried again.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> !taken.isDone());

        admin.queueDeclare(queue, false, false, true, null);
        admin.queueBind(queue, exchange, "#");

        await().atMost(Duration.ofSeconds(30)).until(taken::isDone);
        assertThat(taken).isCompleted();
        GetResponse received = admin.basicGet(queue, true);
        assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(received.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
    }

    @Test
    void aRefusedPublicationIsPublishedAgainUntilTheBrokerTakesIt() throws Exception {
        // A queue that refuses every message (nack): the broker takes the publication only once it is replaced.
        admin.queueDeclare(queue, false, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        admin.queueBind(queue, exchange, "#");
        CompletableFuture<Void> taken = publisher.publish(exchange, "#", message("refused first"), stop);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> !taken.isDone());

        admin.queueDelete(queue);
        admin.queueDeclare(queue, false, false, false, null);
        admin.queueBind(queue, exchange, "#");

        await().atMost(Duration.ofSeconds(30)).until(taken::isDone);
        assertThat(taken).isCompleted();
        assertThat(admin.basicGet(queue, true)).isNotNull();
    }

    @Test
    void aPublicationAfterTheConnectionWasCutGoesOutOnANewOneWithoutAnythingElseReconnecting() throws Exception {
        admin.queueDeclare(queue, false, false, true, null);
        admin.queueBind(queue, exchange, "#");
        try (TcpProxy proxy = new TcpProxy(5672)) {
            CachingConnectionFactory throughProxy = new CachingConnectionFactory("127.0.0.1", proxy.port());
            try {
                ManagerPublisher cutOff = publisherOn(throughProxy);
                ManagerPublisher.await(cutOff.publish(exchange, "#", message("before"), stop));

                proxy.cutAll();

                // Nothing else uses the publisher connection here (no heartbeat, no template): the publication itself
                // must find the connection closed and open another.
                CompletableFuture<Void> taken = cutOff.publish(exchange, "#", message("after"), stop);
                await().atMost(Duration.ofSeconds(30)).until(taken::isDone);
                assertThat(taken).isCompleted();
            } finally {
                throughProxy.destroy();
            }
        }
        List<String> received = new ArrayList<>();
        for (GetResponse response; (response = admin.basicGet(queue, true)) != null; ) {
            received.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(received).containsExactly("before", "after");
    }

    @Test
    void aPublicationNotTakenIsGivenUpWhenTheWorkerStops() {
        CompletableFuture<Void> taken = publisher.publish(exchange, "#", message("nobody"), stop);

        stop.raise();

        assertThatThrownBy(() -> ManagerPublisher.await(taken)).isInstanceOf(PublishAbortedException.class)
                .hasMessageContaining("stopping");
    }

    @Test
    void aCountedRequeuedCopyKeepsTheRequestsTraceContext() throws Exception {
        admin.queueDeclare(queue, false, false, true, null);
        Message request = message("again");
        request.getMessageProperties().setHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.getMessageProperties().setHeader("tracestate", "rojo=00f067aa0ba902b7");

        ManagerPublisher.await(publisher.requeueCounted(request, queue, 1, stop));

        Map<String, Object> headers = admin.basicGet(queue, true).getProps().getHeaders();
        assertThat(headers.get("traceparent")).hasToString("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(headers.get("tracestate")).hasToString("rojo=00f067aa0ba902b7");
        assertThat(headers.get(ManagerPublisher.DELIVERIES_HEADER)).isEqualTo(1);
    }

    /** A publisher whose publications not taken are tried again after 50 ms, then at most every 200 ms. */
    private static ManagerPublisher publisherOn(CachingConnectionFactory connections) {
        WorkerProperties properties = new WorkerProperties();
        properties.getRetry().setInitialInterval(Duration.ofMillis(50));
        properties.getRetry().setMaxInterval(Duration.ofMillis(200));
        return new ManagerPublisher(connections, properties.getTopology().toWorkerTopology(), Duration.ofSeconds(10),
                new RetryPolicy(properties.getRetry()), 2);
    }

    private static Message message(String body) {
        MessageProperties properties = new MessageProperties();
        properties.setHeader("regards.request.id", "r-1");
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }
}
