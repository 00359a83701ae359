package io.camelworker.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
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
 *
 * <p>In an application without a web server, which a worker is (the JDK's HTTP server serves its management
 * endpoints), it also adds {@code io/camelworker/config/unused-auto-configurations.yml}: the auto-configurations a worker
 * leaves out. A web application on the same class path (an application embedding a worker, a test's in-process S3
 * server) uses some of them, Spring's HTTP message converters and task executor, and keeps them all.
 */
class WorkerDefaultsEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String NAME = "camel-worker defaults";
    static final String UNUSED_NAME = "camel-worker unused auto-configurations";
    private static final ClassPathResource DEFAULTS = new ClassPathResource("io/camelworker/config/worker-defaults.yml");
    private static final ClassPathResource UNUSED =
            new ClassPathResource("io/camelworker/config/unused-auto-configurations.yml");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        addLast(environment, NAME, DEFAULTS);
        if (webApplicationType(environment, application) == WebApplicationType.NONE) {
            addLast(environment, UNUSED_NAME, UNUSED);
        }
    }

    /** As the application will run: spring.main.web-application-type is bound to it only after this post-processor. */
    private static WebApplicationType webApplicationType(ConfigurableEnvironment environment, SpringApplication application) {
        return Binder.get(environment).bind("spring.main.web-application-type", WebApplicationType.class)
                .orElse(application.getWebApplicationType());
    }

    private static void addLast(ConfigurableEnvironment environment, String name, ClassPathResource yaml) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(name, yaml);
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the framework's defaults " + yaml.getPath(), e);
        }
    }

    /** After application.yml is read: the defaults go below it. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
