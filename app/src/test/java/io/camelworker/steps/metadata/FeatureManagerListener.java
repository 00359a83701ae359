package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Plays the Feature Manager's side of the broker: an exclusive queue bound to its update exchange, declared as REGARDS
 * declares it (durable fanout), recording every FeatureUpdateRequestEvent; and, when given an answer exchange, answers
 * each update there as the Feature Manager does ({@code FeatureRequestEvent}, Gson field order, no request id header):
 * GRANTED then SUCCESS, unless the test chose another {@link Behaviour} for the feature.
 */
final class FeatureManagerListener implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String updateExchange;
    private final String answerExchange;
    private final Connection connection;
    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

    /** How the Feature Manager answers the updates of a feature. */
    enum Behaviour {
        /** GRANTED, then SUCCESS. */
        APPLIES,
        /** DENIED with two errors, as when the patch breaks the data model. */
        DENIES,
        /** GRANTED, then ERROR with an error. */
        FAILS,
        /** Nothing at all. */
        SILENT
    }

    /**
     * @param answerExchange where to answer each update, null for no answers
     */
    FeatureManagerListener(String updateExchange, String answerExchange) {
        this.updateExchange = updateExchange;
        this.answerExchange = answerExchange;
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            connection = factory.newConnection("fake-feature-manager");
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(updateExchange, BuiltinExchangeType.FANOUT, true, false, false, null);
            if (answerExchange != null) {
                channel.exchangeDeclare(answerExchange, BuiltinExchangeType.FANOUT, true, false, false, null);
            }
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, updateExchange, "");
            channel.basicConsume(queue, true, (tag, delivery) -> {
                Map<String, Object> headers = new HashMap<>();
                if (delivery.getProperties().getHeaders() != null) {
                    delivery.getProperties().getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
                }
                Update update = new Update(headers, delivery.getProperties(), JSON.readTree(delivery.getBody()));
                updates.add(update);
                if (answerExchange != null) {
                    answer(channel, update);
                }
            }, tag -> { });
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ on 127.0.0.1:5672", e);
        }
    }

    /** Chooses how the updates of a feature are answered. */
    void behave(String urn, Behaviour behaviour) {
        behaviours.put(urn, behaviour);
    }

    /** The updates of one feature, in arrival order. */
    List<Update> updatesOf(String urn) {
        return updates.stream().filter(u -> urn.equals(u.body().path("feature").path("urn").asText())).toList();
    }

    List<Update> awaitUpdates(String urn, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> updatesOf(urn).size() >= count);
        return updatesOf(urn);
    }

    /** Publishes an answer as the Feature Manager would, for a request id of the test's choosing. */
    void publishAnswer(Channel channel, String requestId, String urn, String state, List<String> errors) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", "PATCH").put("requestId", requestId)
                .put("requestOwner", "metadata-worker").put("id", "P1").put("urn", urn).put("state", state);
        if (errors != null) {
            ArrayNode array = event.putArray("errors");
            errors.forEach(array::add);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .headers(Map.of("regards.tenant", "project1", "regards.converter", "GSON",
                        "__TypeId__", "fr.cnes.regards.modules.feature.dto.event.out.FeatureRequestEvent"))
                .priority(0).appId("rs-fem").build();
        channel.basicPublish(answerExchange, "", properties, JSON.writeValueAsBytes(event));
    }

    private void answer(Channel channel, Update update) throws IOException {
        String urn = update.body().path("feature").path("urn").asText();
        String requestId = update.header("regards.request.id");
        switch (behaviours.getOrDefault(urn, Behaviour.APPLIES)) {
            case APPLIES -> {
                publishAnswer(channel, requestId, urn, "GRANTED", null);
                publishAnswer(channel, requestId, urn, "SUCCESS", null);
            }
            case DENIES -> publishAnswer(channel, requestId, urn, "DENIED",
                    List.of("cloud_cover: value 150 is out of range [0, 100]", "unknown attribute 'raster.width'"));
            case FAILS -> {
                publishAnswer(channel, requestId, urn, "GRANTED", null);
                publishAnswer(channel, requestId, urn, "ERROR", List.of("Feature " + urn + " does not exist"));
            }
            case SILENT -> { }
        }
    }

    @Override
    public void close() throws IOException {
        try (Channel channel = connection.createChannel()) {
            if (!MetadataProperties.DEFAULT_UPDATE_EXCHANGE.equals(updateExchange)) {
                channel.exchangeDelete(updateExchange);
            }
            if (answerExchange != null && !MetadataProperties.DEFAULT_ANSWER_EXCHANGE.equals(answerExchange)) {
                channel.exchangeDelete(answerExchange);
            }
        } catch (TimeoutException e) {
            // closing a test fixture: nothing more to do
        }
        connection.close();
    }

    /** One update as the Feature Manager receives it. */
    record Update(Map<String, Object> headers, AMQP.BasicProperties properties, JsonNode body) {
        String header(String name) {
            return (String) headers.get(name);
        }
    }
}
