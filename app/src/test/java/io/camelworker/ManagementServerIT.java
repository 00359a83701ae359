package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The management endpoints on a port and address of their own (management.server.port, management.server.address). */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ManagementServerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("management-worker");
    static FakeWorkerManager manager;

    @LocalManagementPort
    int managementPort;
    @Autowired
    Environment environment;

    @BeforeAll
    static void startManager() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("management.server.port", () -> "0");
        registry.add("management.server.address", () -> "127.0.0.1");
    }

    @Test
    void probesAnswerOnTheManagementPortOnlyAndOnItsAddressOnly() throws Exception {
        assertThat(status("127.0.0.1", managementPort, "/actuator/health/readiness")).isEqualTo(200);
        assertThat(status("127.0.0.1", managementPort, "/actuator/prometheus")).isEqualTo(200);
        // Another loopback address of the same host: the server is bound to 127.0.0.1 alone.
        assertThatThrownBy(() -> status("127.0.0.2", managementPort, "/actuator/health")).isInstanceOf(ConnectException.class);
        // A worker has no application endpoints: nothing listens on server.port beside the management port.
        assertThat(environment.getProperty("local.server.port")).isNull();
    }

    private static int status(String host, int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
