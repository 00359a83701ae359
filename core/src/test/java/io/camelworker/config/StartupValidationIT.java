package io.camelworker.config;

import io.camelworker.WorkerApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A worker that is not configured right refuses to start, with a message that names the property. */
class StartupValidationIT {

    @Test
    void aWorkerWithoutTenantsDoesNotStartAndSaysWhichPropertyIsMissing() {
        assertThatThrownBy(() -> start("--worker.tenants="))
                .hasStackTraceContaining("worker.tenants").hasStackTraceContaining("must list the REGARDS tenants to send heartbeats for");
    }

    @Test
    void aHeartbeatIntervalTheManagerWouldMissIsRefused() {
        assertThatThrownBy(() -> start("--worker.tenants=project1", "--worker.heartbeat-interval=90s"))
                .hasStackTraceContaining("worker.heartbeat-interval must be between 1s and 30s");
    }

    @Test
    void aSlowRequestWarningThatIsNotAShareOfTheTimeoutIsRefused() {
        assertThatThrownBy(() -> start("--worker.tenants=project1", "--worker.slow-request-warning=1.5"))
                .hasStackTraceContaining("worker.slow-request-warning must be above 0 and at most 1");
    }

    @Test
    void aRequestSizeTheAmqpClientCannotReceiveIsRefused() {
        assertThatThrownBy(() -> start("--worker.tenants=project1", "--worker.max-request-size=3GB"))
                .hasStackTraceContaining("worker.max-request-size and worker.broker-max-message-size must be positive and at most 2GB");
    }

    @Test
    void publisherConfirmsCannotBeTurnedOff() {
        assertThatThrownBy(() -> start("--worker.tenants=project1", "--spring.rabbitmq.publisher-confirm-type=none"))
                .hasStackTraceContaining("spring.rabbitmq.publisher-confirm-type must be 'correlated'");
    }

    private static void start(String... arguments) {
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] all = new String[arguments.length + 1];
        all[0] = "--camel.main.routes-include-pattern=";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        application.run(all).close();
    }
}
