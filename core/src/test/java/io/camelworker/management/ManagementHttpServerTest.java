package io.camelworker.management;

import io.camelworker.autoconfigure.ManagementServerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The management endpoints as the actuator's settings shape them, served without a web server of Spring Boot's. */
class ManagementHttpServerTest {

    private final ApplicationContextRunner worker = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, EndpointAutoConfiguration.class,
                    JacksonEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class, InfoEndpointAutoConfiguration.class,
                    ManagementServerAutoConfiguration.class))
            .withBean("broker", HealthIndicator.class, () -> () -> Health.down().withDetail("host", "broker.internal").build())
            .withPropertyValues("server.port=0", "management.endpoints.web.exposure.include=health,info",
                    "management.endpoint.health.group.readiness.include=broker");

    @Test
    void anonymousCallersGetTheStatusOnlyAndADownGroupAnswers503() {
        worker.run(context -> {
            HttpResponse<String> readiness = get(context, "/actuator/health/readiness");

            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
        });
    }

    @Test
    void showDetailsAlwaysShowsTheComponentsAndTheirDetails() {
        worker.withPropertyValues("management.endpoint.health.show-details=always").run(context ->
                assertThat(get(context, "/actuator/health").body()).contains("\"broker\"", "\"host\":\"broker.internal\""));
    }

    @Test
    void theEndpointsFollowTheActuatorsBasePathAndExposure() {
        worker.withPropertyValues("management.endpoints.web.base-path=/manage",
                "management.endpoints.web.exposure.include=health").run(context -> {
            assertThat(get(context, "/manage/health").statusCode()).isEqualTo(503);
            assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(404);
            assertThat(get(context, "/manage/info").statusCode()).isEqualTo(404);
        });
    }

    @Test
    void nothingListensWhenHttpIsTurnedOffOrTheWorkerRunsOffline() {
        worker.withPropertyValues("server.port=-1").run(context ->
                assertThat(context).doesNotHaveBean(ManagementHttpServer.class));
        worker.withPropertyValues("management.server.port=-1").run(context ->
                assertThat(context).doesNotHaveBean(ManagementHttpServer.class));
        worker.withPropertyValues("worker.offline=true").run(context ->
                assertThat(context).doesNotHaveBean(ManagementHttpServer.class));
    }

    @Test
    void tlsSettingsFailTheStartInsteadOfBeingIgnored() {
        worker.withPropertyValues("server.ssl.enabled=true").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("server.ssl is enabled, but the management endpoints are served over plain HTTP"));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path)
            throws IOException, InterruptedException {
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
