package io.camelworker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.camelworker.testing.FakeWorkerManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference of the request benchmarks: a worker written with the plain RabbitMQ Java client that does the protocol
 * work of the framework and nothing else. Per request: (RUNNING response, confirmed,) SUCCESS response with a small
 * content, published with confirms on a connection of its own; the request is acknowledged when that confirm arrives
 * (asynchronously: the consumer takes the next request meanwhile, up to the prefetch). Manual ack,
 * {@code basicQos(prefetch)}, one channel and one thread per unit of concurrency.
 *
 * <p>Usage: {@code PlainClientWorker <worker type> <concurrency> <prefetch> <send RUNNING: true|false>}; runs until killed.
 */
public final class PlainClientWorker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONTENT = "ok".getBytes(StandardCharsets.UTF_8);

    private PlainClientWorker() {
    }

    public static void main(String[] args) throws Exception {
        String type = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int prefetch = Integer.parseInt(args[2]);
        boolean sendRunning = Boolean.parseBoolean(args[3]);
        String queue = FakeWorkerManager.requestQueue(type);

        ExecutorService consumerThreads = Executors.newFixedThreadPool(concurrency);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        Connection consuming = factory.newConnection(consumerThreads, "baseline-consume");
        // Responses on a connection of their own: flow control on a publishing connection also holds back its acks.
        Connection publishing = factory.newConnection("baseline-publish");
        for (int i = 0; i < concurrency; i++) {
            Channel consume = consuming.createChannel();
            consume.basicQos(prefetch);
            Channel publish = publishing.createChannel();
            publish.confirmSelect();
            publish.addReturnListener(returned -> System.err.println("unroutable response: " + returned.getReplyText()));
            // Publish sequence number of each final response -> delivery tag of its request. Confirms arrive in order on
            // the publishing connection's thread, which acknowledges on the consuming channel.
            ConcurrentNavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
            publish.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long sequence, boolean multiple) throws IOException {
                    settle(sequence, multiple, true);
                }

                @Override
                public void handleNack(long sequence, boolean multiple) throws IOException {
                    settle(sequence, multiple, false);
                }

                private void settle(long sequence, boolean multiple, boolean ack) throws IOException {
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
                        consume.basicAck(last, count > 1);
                    }
                }
            });
            consume.basicConsume(queue, false, new DefaultConsumer(consume) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    Map<String, Object> headers = properties.getHeaders();
                    try {
                        if (sendRunning) {
                            respond(publish, headers, Map.of("status", "RUNNING", "messages", List.of()));
                            publish.waitForConfirmsOrDie(10_000);
                        }
                        Map<String, Object> response = new LinkedHashMap<>();
                        response.put("status", "SUCCESS");
                        response.put("messages", List.of());
                        response.put("content", CONTENT);
                        synchronized (publish) {
                            pending.put(publish.getNextPublishSeqNo(), envelope.getDeliveryTag());
                            respond(publish, headers, response);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                    }
                }
            });
        }
        System.out.println("baseline consuming " + queue + " (concurrency " + concurrency + ", prefetch " + prefetch + ")");
        new CountDownLatch(1).await();
    }

    /** Publishes one response, mandatory and persistent. */
    private static void respond(Channel publish, Map<String, Object> requestHeaders, Map<String, Object> response)
            throws Exception {
        Map<String, Object> headers = new HashMap<>();
        for (String name : List.of("regards.tenant", "regards.request.id", "regards.request.owner",
                "regards.request.session", "regards.request.content_type")) {
            Object value = requestHeaders.get(name);
            if (value != null) {
                headers.put(name, value.toString());
            }
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .contentEncoding("UTF-8").deliveryMode(2).priority(0).headers(headers).build();
        publish.basicPublish(FakeWorkerManager.RESPONSE_EXCHANGE, "#", true, properties, JSON.writeValueAsBytes(response));
    }
}
