package io.camelworker.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.camelworker.steps.metadata.FeatureManagerAnswers;
import io.camelworker.steps.metadata.MetadataProperties;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a metadata worker pays for the Feature Manager's answers to other requests: the answers' exchange is a fanout,
 * so every replica receives every answer of every Feature Manager client, and drops those it does not wait for.
 *
 * <ul>
 *   <li>{@code listener}: {@link FeatureManagerAnswers#onMessage} alone (peek at {@code requestId}, map look-up), on a
 *       realistic Gson answer, against a full parse of the same body with Jackson ({@code readTree}): CPU per answer.</li>
 *   <li>{@code broker}: {@code bench.count} answers (100000) published to a fanout exchange of the bench's own, received
 *       through this process's exclusive queue and dropped; CPU of the receiving side per answer: the process's CPU
 *       time minus the threads of the publisher (main thread and its connection), GC included.</li>
 * </ul>
 * Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath && java -Xmx256m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * io.camelworker.bench.FeatureAnswerDropBench} (see BENCHMARKS.md).
 */
public final class FeatureAnswerDropBench {

    private static final String ANSWER = "{\"type\":\"PATCH\",\"requestId\":\"%s\",\"requestOwner\":\"metadata-worker\","
            + "\"id\":\"S2X_MSI_20240115T103021_O01234\",\"urn\":\"URN:FEATURE:DATA:project1:%s:V1\",\"state\":\"DENIED\","
            + "\"errors\":[\"cloud_cover: value 150 is out of range [0, 100]\",\"unknown attribute 'raster.width'\"]}";

    private FeatureAnswerDropBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.count", 100_000);
        listener(count * 10);
        broker(count);
    }

    private static void listener(int count) {
        FeatureManagerAnswers answers = new FeatureManagerAnswers(new CachingConnectionFactory("127.0.0.1"),
                new MetadataProperties(), "bench");
        for (int i = 0; i < 100; i++) {
            answers.register(UUID.randomUUID().toString());
        }
        Message[] messages = new Message[1000];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = new Message(body(), new MessageProperties());
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                answers.onMessage(messages[i % messages.length]);
            }
            long peek = threads.getCurrentThreadCpuTime() - start;
            start = threads.getCurrentThreadCpuTime();
            long sink = 0;
            for (int i = 0; i < count; i++) {
                try {
                    sink += json.readTree(messages[i % messages.length].getBody()).size();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            long parse = threads.getCurrentThreadCpuTime() - start;
            System.out.printf("listener round %d: %d answers, peek and drop %.0f ns CPU/answer, full Jackson parse %.0f ns/answer (%d)%n",
                    round + 1, count, (double) peek / count, (double) parse / count, sink % 2);
        }
    }

    private static void broker(int count) throws Exception {
        String exchange = "bench.FeatureRequestEvent." + UUID.randomUUID().toString().substring(0, 8);
        MetadataProperties properties = new MetadataProperties();
        properties.setAnswerExchange(exchange);
        CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1");
        FeatureManagerAnswers answers = new FeatureManagerAnswers(connectionFactory, properties, "bench");
        answers.start();
        Set<String> publisherThreads = new HashSet<>();
        AtomicInteger named = new AtomicInteger();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setThreadFactory(runnable -> {
            Thread thread = new Thread(runnable, "bench-publisher-" + named.incrementAndGet());
            publisherThreads.add(thread.getName());
            return thread;
        });
        publisherThreads.add(Thread.currentThread().getName());
        try (Connection connection = factory.newConnection("bench-feature-manager"); Channel channel = connection.createChannel()) {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .headers(Map.of("regards.tenant", "project1", "regards.converter", "GSON")).build();
            Thread.sleep(2000); // the container's consumer is up
            for (int round = 0; round < 2; round++) {
                long droppedBefore = answers.dropped();
                long cpuBefore = processCpu() - threadsCpu(publisherThreads);
                long wall = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    channel.basicPublish(exchange, "", props, body());
                }
                while (answers.dropped() < droppedBefore + count) {
                    Thread.sleep(5);
                }
                long cpu = processCpu() - threadsCpu(publisherThreads) - cpuBefore;
                System.out.printf("broker round %d: %d answers dropped in %.1f s, receiving side %.1f µs CPU/answer%n",
                        round + 1, count, (System.nanoTime() - wall) / 1e9, cpu / 1e3 / count);
            }
            channel.exchangeDelete(exchange);
        } finally {
            answers.stop();
            connectionFactory.destroy();
        }
    }

    private static byte[] body() {
        return ANSWER.formatted(UUID.randomUUID(), UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long threadsCpu(Set<String> names) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && names.contains(info.getThreadName())) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
