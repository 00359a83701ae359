package io.camelworker.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Adds the framework's defaults ({@code io/camelworker/config/worker-defaults.yml}: publisher confirms, the heartbeat,
 * the health groups, the metrics) below every other property source, so that any worker built on the starter has them
 * and its own application.yml, the environment and the command line override each of them.
 */
class WorkerDefaultsEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String NAME = "camel-worker defaults";
    private static final ClassPathResource DEFAULTS = new ClassPathResource("io/camelworker/config/worker-defaults.yml");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(NAME, DEFAULTS);
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the framework's defaults " + DEFAULTS.getPath(), e);
        }
    }

    /** After application.yml is read: the defaults go below it. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
