package io.camelworker.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerDefaultsEnvironmentTest {

    @Test
    void aWorkerLeavesOutTheAutoConfigurationsItDoesNotUse() {
        StandardEnvironment environment = postProcessed(WebApplicationType.NONE, Map.of());

        assertThat(environment.getProperty("spring.rabbitmq.publisher-confirm-type")).isEqualTo("correlated");
        assertThat(excluded(environment)).contains(
                "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
                "org.apache.camel.spring.boot.vault.AwsVaultAutoConfiguration");
    }

    @Test
    void aWebApplicationKeepsThemAndStillHasTheDefaults() {
        StandardEnvironment environment = postProcessed(WebApplicationType.SERVLET, Map.of());

        assertThat(environment.getProperty("spring.rabbitmq.publisher-confirm-type")).isEqualTo("correlated");
        assertThat(excluded(environment)).isEmpty();
        assertThat(environment.getPropertySources().contains(WorkerDefaultsEnvironment.UNUSED_NAME)).isFalse();
    }

    @Test
    void theWebApplicationTypeSetInPropertiesDecides() {
        StandardEnvironment none = postProcessed(WebApplicationType.SERVLET, Map.of("spring.main.web-application-type", "none"));
        StandardEnvironment servlet = postProcessed(WebApplicationType.NONE, Map.of("spring.main.web-application-type", "servlet"));

        assertThat(excluded(none)).isNotEmpty();
        assertThat(excluded(servlet)).isEmpty();
    }

    @Test
    void anApplicationsOwnListReplacesTheFrameworks() {
        StandardEnvironment environment = postProcessed(WebApplicationType.NONE,
                Map.of("spring.autoconfigure.exclude", "com.example.OtherAutoConfiguration"));

        assertThat(excluded(environment)).containsExactly("com.example.OtherAutoConfiguration");
    }

    /** A class renamed by a Camel or Spring Boot upgrade would no longer be left out, without a word from Spring Boot. */
    @Test
    void everyEntryIsAnAutoConfigurationOfTheClassPath() {
        Set<String> candidates = new HashSet<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);

        List<String> excluded = excluded(postProcessed(WebApplicationType.NONE, Map.of()));

        assertThat(excluded).hasSizeGreaterThan(30);
        assertThat(candidates).containsAll(excluded);
    }

    private static StandardEnvironment postProcessed(WebApplicationType type, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        SpringApplication application = new SpringApplication();
        application.setWebApplicationType(type);
        new WorkerDefaultsEnvironment().postProcessEnvironment(environment, application);
        return environment;
    }

    private static List<String> excluded(StandardEnvironment environment) {
        return Binder.get(environment).bind("spring.autoconfigure.exclude", Bindable.listOf(String.class)).orElse(List.of());
    }
}
