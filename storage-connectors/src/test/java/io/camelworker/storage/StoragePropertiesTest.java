package io.camelworker.storage;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Storage settings that would open the worker's reach wider than meant refuse to start, naming the property. */
class StoragePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StorageProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void anAllowedHostWithASchemeOrPathIsRefusedAtStartUp() {
        runner.withPropertyValues("worker.storage.http.allowed-hosts[0]=http://data.example.org/files")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("worker.storage.http.allowed-hosts entries must be 'host' or 'host:port'"));
    }

    @Test
    void theDefaultsAllowNoHttpHostAndFollowFiveRedirects() {
        runner.run(context -> {
            StorageProperties properties = context.getBean(StorageProperties.class);
            assertThat(properties.getHttp().getAllowedHosts()).isEmpty();
            assertThat(properties.getHttp().getMaxRedirects()).isEqualTo(StorageProperties.DEFAULT_MAX_REDIRECTS);
            assertThat(properties.getMaxFileSize()).isEqualTo(StorageProperties.DEFAULT_MAX_FILE_SIZE);
        });
    }
}
