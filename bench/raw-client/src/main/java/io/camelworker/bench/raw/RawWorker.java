package io.camelworker.bench.raw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A REGARDS worker on the plain RabbitMQ Java client, doing the protocol's per-request work and nothing else: for each
 * request (manual ack, {@code basicQos(prefetch)}) it publishes a persistent, mandatory SUCCESS response with a
 * two-byte content and the request's correlation headers on a confirm-mode channel, and acknowledges the request when
 * that response's confirm arrives (asynchronously: it takes the next request meanwhile, up to the prefetch). A nack
 * requeues the request. One consuming channel (and thread) and one publishing channel per unit of concurrency; the
 * responses on a connection of their own (flow control on a publishing connection would also hold back its acks).
 * Declares the type's queue as the manager does and sends a heartbeat every 10 s.
 *
 * <p>Usage: {@code java -jar raw-client.jar <worker type> [concurrency=1] [prefetch=250] [tenant=project1]}; runs until
 * killed. Broker: -Drabbit.host/port/user/password/vhost or RABBIT_HOST, ... (127.0.0.1:5672 guest/guest, vhost /).
 */
public final class RawWorker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONTENT = "ok".getBytes(StandardCharsets.UTF_8);

    private RawWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RawWorker <worker type> [concurrency=1] [prefetch=250] [tenant=project1]");
            System.exit(2);
        }
        String type = args[0];
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int prefetch = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        String tenant = args.length > 3 ? args[3] : "project1";
        String queue = Regards.requestQueue(type);

        ConnectionFactory factory = Regards.factory();
        Connection consuming = factory.newConnection(Executors.newFixedThreadPool(concurrency), "raw-worker-consume");
        Connection publishing = factory.newConnection("raw-worker-publish");
        try (Channel admin = consuming.createChannel()) {
            Regards.declare(admin, type);
        }
        for (int i = 0; i < concurrency; i++) {
            Channel consume = consuming.createChannel();
            consume.basicQos(prefetch);
            Channel publish = publishing.createChannel();
            publish.confirmSelect();
            publish.addReturnListener(returned -> System.err.println("unroutable response: " + returned.getReplyText()));
            // Publish sequence number -> delivery tag of the request it answers; both grow together on a channel pair.
            ConcurrentNavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
            publish.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long sequence, boolean multiple) throws IOException {
                    settle(consume, pending, sequence, multiple, true);
                }

                @Override
                public void handleNack(long sequence, boolean multiple) throws IOException {
                    settle(consume, pending, sequence, multiple, false);
                }
            });
            consume.basicConsume(queue, false, "raw-worker-" + i, new DefaultConsumer(consume) {
                @Override
                public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    try {
                        Map<String, Object> response = new LinkedHashMap<>();
                        response.put("status", "SUCCESS");
                        response.put("messages", List.of());
                        response.put("content", CONTENT);
                        byte[] json = JSON.writeValueAsBytes(response);
                        pending.put(publish.getNextPublishSeqNo(), envelope.getDeliveryTag());
                        publish.basicPublish(Regards.RESPONSE_EXCHANGE, "#", true, responseProperties(properties), json);
                    } catch (Exception e) {
                        consume.basicNack(envelope.getDeliveryTag(), false, true);
                    }
                }
            });
        }
        Channel heartbeats = publishing.createChannel();
        String instance = "raw-worker-" + UUID.randomUUID();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> heartbeat(heartbeats, instance, type, tenant), 0, 10, TimeUnit.SECONDS);
        System.out.println("raw worker consuming " + queue + " (concurrency " + concurrency + ", prefetch " + prefetch + ")");
        new CountDownLatch(1).await();
    }

    /** Acknowledges (or requeues) the requests whose responses the broker confirmed (or refused), up to a sequence. */
    private static void settle(Channel consume, ConcurrentNavigableMap<Long, Long> pending, long sequence,
                               boolean multiple, boolean ack) throws IOException {
        Map<Long, Long> settled = multiple ? pending.headMap(sequence, true) : pending.subMap(sequence, true, sequence, true);
        long last = -1;
        int count = 0;
        for (Long key : List.copyOf(settled.keySet())) {
            Long tag = pending.remove(key);
            if (tag != null) {
                if (!ack) {
                    consume.basicNack(tag, false, true);
                }
                last = Math.max(last, tag);
                count++;
            }
        }
        if (ack && count > 0) {
            // Every earlier request of this channel was settled by an earlier confirm: tags and sequences grow together.
            consume.basicAck(last, count > 1);
        }
    }

    private static AMQP.BasicProperties responseProperties(AMQP.BasicProperties request) {
        Map<String, Object> headers = new HashMap<>();
        Map<String, Object> requestHeaders = request.getHeaders() == null ? Map.of() : request.getHeaders();
        for (String name : Regards.CORRELATION) {
            Object value = requestHeaders.get(name);
            if (value != null) {
                headers.put(name, value.toString());
            }
        }
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("UTF-8")
                .deliveryMode(2).priority(0).headers(headers).build();
    }

    private static void heartbeat(Channel channel, String instance, String type, String tenant) {
        try {
            Map<String, Object> beat = new LinkedHashMap<>();
            beat.put("id", instance);
            beat.put("type", type);
            beat.put("heartBeatDate", Instant.now().toString());
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .headers(Map.of("regards.tenant", tenant)).build();
            channel.basicPublish(Regards.HEARTBEAT_EXCHANGE, "#", properties, JSON.writeValueAsBytes(beat));
        } catch (Exception e) {
            System.err.println("heartbeat failed: " + e);
        }
    }
}
