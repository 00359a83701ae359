package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Plays the Feature Manager's side of the broker: an exclusive queue bound to its update exchange, declared as REGARDS
 * declares it (durable fanout), recording every FeatureUpdateRequestEvent.
 */
final class FeatureManagerListener implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final List<Update> updates = new CopyOnWriteArrayList<>();

    FeatureManagerListener() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            connection = factory.newConnection("fake-feature-manager");
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(MetadataProperties.DEFAULT_UPDATE_EXCHANGE, BuiltinExchangeType.FANOUT, true, false, false, null);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, MetadataProperties.DEFAULT_UPDATE_EXCHANGE, "");
            channel.basicConsume(queue, true, (tag, delivery) -> {
                Map<String, Object> headers = new HashMap<>();
                if (delivery.getProperties().getHeaders() != null) {
                    delivery.getProperties().getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
                }
                updates.add(new Update(headers, delivery.getProperties(), JSON.readTree(delivery.getBody())));
            }, tag -> { });
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ on 127.0.0.1:5672", e);
        }
    }

    /** The updates of one feature, in arrival order. */
    List<Update> updatesOf(String urn) {
        return updates.stream().filter(u -> urn.equals(u.body().path("feature").path("urn").asText())).toList();
    }

    List<Update> awaitUpdates(String urn, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> updatesOf(urn).size() >= count);
        return updatesOf(urn);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    /** One update as the Feature Manager receives it. */
    record Update(Map<String, Object> headers, AMQP.BasicProperties properties, JsonNode body) {
        String header(String name) {
            return (String) headers.get(name);
        }
    }
}
