package io.camelworker.config;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.util.List;
import java.util.Map;

/**
 * Gives Camel the routes of {@code worker.routes} (a directory, a file or a jar location) and stops the start-up when the
 * routes setting matches no file, naming the setting, instead of Camel's {@code FileNotFoundException}.
 */
class WorkerRoutesEnvironment implements EnvironmentPostProcessor, Ordered {

    /** After application.yml, the environment and the command line are read. */
    private static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

    private final Log log;

    WorkerRoutesEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(WorkerRoutesEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String routes = environment.getProperty(RouteLocations.PROPERTY);
        String setting = routes != null ? RouteLocations.PROPERTY : RouteLocations.CAMEL_PROPERTY;
        String value = routes != null ? routes : environment.getProperty(RouteLocations.CAMEL_PROPERTY);
        if (value == null || (routes == null && value.isBlank())) {
            return; // Camel's default, or no routes at all (a context without workers, as some tests start)
        }
        String pattern = routes != null ? RouteLocations.includePattern(routes) : value;
        List<String> unmatched = RouteLocations.unmatched(pattern, new PathMatchingResourcePatternResolver());
        if (!unmatched.isEmpty()) {
            throw new RoutesNotFoundException(setting, value, "nothing matches " + String.join(", ", unmatched));
        }
        if (routes != null) {
            environment.getPropertySources().addFirst(new MapPropertySource(RouteLocations.PROPERTY,
                    Map.of(RouteLocations.CAMEL_PROPERTY, pattern)));
        }
        log.info("Routes: " + pattern + " (" + setting + ")");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
