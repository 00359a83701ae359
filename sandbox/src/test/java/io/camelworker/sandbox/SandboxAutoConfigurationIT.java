package io.camelworker.sandbox;

import io.camelworker.autoconfigure.sandbox.SandboxAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox is wired with validated settings, and starts no process until something is parsed. */
class SandboxAutoConfigurationIT {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, SandboxAutoConfiguration.class));

    @Test
    void theDefaultsFitA512MibContainerAndStartNoProcess() {
        context.run(started -> {
            SandboxProperties properties = started.getBean(SandboxProperties.class);
            assertThat(properties.getPoolSize()).isEqualTo(1);
            assertThat(properties.getHeap().toMegabytes()).isEqualTo(128);
            assertThat(started.getBean(SandboxPool.class).processIds()).isEmpty();
        });
    }

    @Test
    void aHeapTooSmallFailsTheStartNamingTheProperty() {
        context.withPropertyValues("worker.sandbox.heap=4MB").run(started ->
                assertThat(started).getFailure().rootCause().hasMessageContaining("worker.sandbox.heap must be at least 16MB"));
    }

    @Test
    void jvmOptionsThatSetTheHeapOrClassPathFailTheStartNamingTheProperty() {
        context.withPropertyValues("worker.sandbox.jvm-options=-Xmx1g").run(started ->
                assertThat(started).getFailure().rootCause().hasMessageContaining("worker.sandbox.jvm-options"));
    }

    @Test
    void aPoolOfNoProcessFailsTheStartNamingTheProperty() {
        context.withPropertyValues("worker.sandbox.pool-size=0").run(started ->
                assertThat(started).getFailure().rootCause().hasMessageContaining("worker.sandbox.pool-size must be at least 1"));
    }
}
