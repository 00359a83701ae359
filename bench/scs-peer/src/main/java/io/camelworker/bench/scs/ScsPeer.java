package io.camelworker.bench.scs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A minimal REGARDS worker written the way the REGARDS docs point to: Spring Cloud Stream and its RabbitMQ binder. The
 * function {@code handle} answers each request SUCCESS (with a two-byte content) on the manager's response exchange
 * through {@link StreamBridge}, with a correlated publisher confirm, and acknowledges the request (manual ack mode) only
 * when that confirm arrives; a nack or a failed send requeues the request. A heartbeat goes out every 10 s.
 * The bindings (queue arguments of the protocol, prefetch, concurrency) are in application.yml.
 */
@SpringBootApplication
@EnableScheduling
public class ScsPeer {

    static final List<String> CORRELATION = List.of("regards.tenant", "regards.request.id", "regards.request.owner",
            "regards.request.session", "regards.request.content_type");
    private static final byte[] CONTENT = "ok".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();
    private final StreamBridge bridge;
    private final String type;
    private final String tenant;
    private final String instanceId;

    ScsPeer(StreamBridge bridge, @Value("${worker.type}") String type, @Value("${worker.tenant}") String tenant,
            @Value("${worker.instance-id}") String instanceId) {
        this.bridge = bridge;
        this.type = type;
        this.tenant = tenant;
        this.instanceId = instanceId;
    }

    public static void main(String[] args) {
        // The request queue's name is the lower-cased worker type (protocol §1): computed here, placeholders cannot.
        String type = new SimpleCommandLinePropertySource(args).getProperty("worker.type");
        type = type != null ? type : System.getenv().getOrDefault("WORKER_TYPE", "scs-peer");
        SpringApplication application = new SpringApplication(ScsPeer.class);
        application.setDefaultProperties(Map.of("worker.type", type,
                "worker.queue", "regards.worker." + type.toLowerCase(Locale.ROOT) + ".request"));
        application.run(args);
    }

    @Bean
    Consumer<Message<byte[]>> handle() {
        return request -> {
            MessageHeaders headers = request.getHeaders();
            Channel channel = headers.get(AmqpHeaders.CHANNEL, Channel.class);
            long tag = headers.get(AmqpHeaders.DELIVERY_TAG, Long.class);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("status", "SUCCESS");
            response.put("messages", List.of());
            response.put("content", CONTENT);
            CorrelationData confirm = new CorrelationData();
            MessageBuilder<byte[]> message = MessageBuilder.withPayload(toJson(response))
                    .setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
                    .setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, confirm);
            for (String name : CORRELATION) {
                Object value = headers.get(name);
                if (value != null) {
                    message.setHeader(name, value.toString());
                }
            }
            confirm.getFuture().whenComplete((result, failure) -> settle(channel, tag, failure == null && result.isAck()));
            if (!bridge.send("response-out-0", message.build())) {
                settle(channel, tag, false);
            }
        };
    }

    /** Acknowledges the request once its response is confirmed, or requeues it. */
    private static void settle(Channel channel, long tag, boolean confirmed) {
        try {
            if (confirmed) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException e) {
            // The channel is gone: the broker requeues the request itself.
        }
    }

    @Scheduled(fixedRate = 10_000)
    void heartbeat() {
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("id", instanceId);
        beat.put("type", type);
        beat.put("heartBeatDate", Instant.now().toString());
        bridge.send("heartbeat-out-0", MessageBuilder.withPayload(toJson(beat))
                .setHeader(MessageHeaders.CONTENT_TYPE, "application/json").setHeader("regards.tenant", tenant).build());
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
