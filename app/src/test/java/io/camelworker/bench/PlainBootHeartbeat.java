package io.camelworker.bench;

import io.camelworker.testing.FakeWorkerManager;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The footprint reference: a plain Spring Boot application with Spring AMQP and no Camel, which sends a heartbeat
 * like the worker's every 10 s. Run on a class path without Camel (bench/footprint.sh filters it).
 *
 * <p>Not a {@code @SpringBootApplication}: the worker's component scan of {@code io.camelworker} must not pick it up.
 */
@EnableAutoConfiguration
@EnableScheduling
public class PlainBootHeartbeat {

    private final RabbitTemplate rabbit;
    private final String id;

    PlainBootHeartbeat(RabbitTemplate rabbit, @Value("${worker.instance-id}") String id) {
        this.rabbit = rabbit;
        this.id = id;
    }

    public static void main(String[] args) {
        SpringApplication.run(PlainBootHeartbeat.class, args);
    }

    @Scheduled(fixedRate = 10_000)
    void heartbeat() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setHeader("regards.tenant", "project1");
        String body = "{\"id\":\"" + id + "\",\"type\":\"plain-boot\",\"heartBeatDate\":\"" + Instant.now() + "\"}";
        rabbit.send(FakeWorkerManager.HEARTBEAT_EXCHANGE, "plain-boot", new Message(body.getBytes(StandardCharsets.UTF_8), properties));
    }
}
