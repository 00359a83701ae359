package io.camelworker.console;

import io.camelworker.WorkerApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker application, started for the route author's commands: its beans and settings as a worker has them
 * (application.yml, the environment, {@code --name=value}), with {@code worker.offline} and the stand-ins of
 * {@link OfflineConfiguration}, so that nothing connects to RabbitMQ; no web server, and no routes of its own: the
 * commands load theirs ({@link RouteCheck}) to report each problem.
 */
final class OfflineWorker implements AutoCloseable {

    /** The worker's routes setting as an environment variable, the default {@code --routes} of the commands. */
    static final String ROUTES_VARIABLE = "WORKER_ROUTES";

    /**
     * Settings the commands impose, whatever the command line says: the consumers and the Feature Manager's exchange
     * stay off the broker, Camel does not wait for a stop signal, and the routes are loaded by the command, file by
     * file, to report each problem (the application's own route builders, its route configuration, are added in
     * {@link #start}, as Camel's collector would have added them).
     */
    private static final Map<String, String> FORCED = Map.of("worker.offline", "true",
            "worker.metadata.declare-update-exchange", "false", "camel.springboot.main-run-controller", "false",
            "camel.main.routes-collector-enabled", "false");

    private final ConfigurableApplicationContext context;

    private OfflineWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the application with the worker settings {@code properties} ({@code --name=value}). */
    static OfflineWorker start(List<String> properties) {
        List<String> arguments = new ArrayList<>();
        // Defaults a command line may override: tenants are required by a worker, and the logs stay quiet.
        if (properties.stream().noneMatch(p -> p.startsWith("--worker.tenants="))) {
            arguments.add("--worker.tenants=project1");
        }
        if (properties.stream().noneMatch(p -> p.startsWith("--logging.level.root="))) {
            arguments.add("--logging.level.root=WARN");
        }
        properties.stream().filter(p -> FORCED.keySet().stream().noneMatch(name -> p.startsWith("--" + name + "=")))
                .forEach(arguments::add);
        FORCED.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        SpringApplication application = new SpringApplication(WorkerApplication.class, OfflineConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setEnvironment(withoutRoutesSetting());
        ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new));
        try {
            CamelContext camel = context.getBean(CamelContext.class);
            for (RoutesBuilder builder : context.getBeansOfType(RoutesBuilder.class).values()) {
                camel.addRoutes(builder);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("cannot add the application's route builders: " + e.getMessage(), e);
        }
        return new OfflineWorker(context);
    }

    /**
     * The process environment less {@code WORKER_ROUTES}: the commands take it as their default {@code --routes}
     * and load those routes themselves.
     */
    private static StandardEnvironment withoutRoutesSetting() {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> variables = new HashMap<>(environment.getSystemEnvironment());
        variables.keySet().removeIf(name -> name.equalsIgnoreCase(ROUTES_VARIABLE));
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        Map<String, Object> systemProperties = new HashMap<>(environment.getSystemProperties());
        systemProperties.remove("worker.routes");
        environment.getPropertySources().addFirst(new MapPropertySource(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, systemProperties));
        return environment;
    }

    CamelContext camel() {
        return context.getBean(CamelContext.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
