package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker against a RabbitMQ of the version REGARDS deploys, in a container: for users with a Docker engine.
 * Skipped where there is none (this project's CI uses the local broker instead).
 */
@Testcontainers(disabledWithoutDocker = true)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DockerBrokerIT {

    @Container
    static final RabbitMQContainer RABBITMQ = new RabbitMQContainer("rabbitmq:3.13-management");

    static final String TYPE = FakeWorkerManager.uniqueType("docker-worker");
    static FakeWorkerManager manager;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", RABBITMQ::getHost);
        registry.add("spring.rabbitmq.port", RABBITMQ::getAmqpPort);
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
    }

    @AfterAll
    static void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void aRequestIsAnsweredAndHeartbeatsArriveOnAContainerisedBroker() {
        manager = new FakeWorkerManager(TYPE, RABBITMQ.getAmqpPort());

        String id = manager.submit("{\"urls\":[]}");

        assertThat(manager.awaitAnswer(id).status()).isEqualTo("INVALID_CONTENT");
        assertThat(manager.awaitHeartbeat(h -> TYPE.equals(h.type()), Duration.ofSeconds(30)).id()).isNotBlank();
    }
}
