package io.camelworker.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves {@link ManagementEndpoints} over the JDK's HTTP server: the probes and the scrape that orchestrators and
 * Prometheus read, without a servlet container and a web framework under four read-only endpoints (docs/performance.md).
 */
public class ManagementHttpServer implements SmartLifecycle {

    /** Requests served at once, as many as Tomcat's threads were; each runs on a thread of its own, none waits at rest. */
    static final int MAX_CONCURRENT_REQUESTS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ManagementHttpServer.class);

    private final InetSocketAddress address;
    private final String namespace;
    private final ManagementEndpoints endpoints;
    private final ConfigurableEnvironment environment;
    private volatile HttpServer server;

    /**
     * @param namespace   "server" or "management": the bound port is published as {@code local.<namespace>.port}, as
     *                    Spring Boot publishes its web servers' ports
     * @param environment where that property goes
     */
    public ManagementHttpServer(InetSocketAddress address, String namespace, ManagementEndpoints endpoints,
                                ConfigurableEnvironment environment) {
        this.address = address;
        this.namespace = namespace;
        this.endpoints = endpoints;
        this.environment = environment;
    }

    @Override
    public void start() {
        HttpServer created;
        try {
            created = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for the management endpoints ("
                    + namespace + ".port, " + namespace + ".address): " + e.getMessage(), e);
        }
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("management-http-");
        threads.setConcurrencyLimit(MAX_CONCURRENT_REQUESTS);
        created.setExecutor(threads);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        publishPort(created.getAddress().getPort());
        LOG.info("Management endpoints listening on {}", created.getAddress());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ManagementEndpoints.Answer answer;
            try {
                answer = endpoints.answer(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders().get("Accept"));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                answer = ManagementEndpoints.Answer.status(500);
            }
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(answer.body());
                }
            }
        }
    }

    /** As Spring Boot's ServerPortInfoApplicationContextInitializer: {@code @LocalServerPort} and the like read it. */
    @SuppressWarnings("unchecked")
    private void publishPort(int port) {
        PropertySource<?> ports = environment.getPropertySources().get("server.ports");
        if (ports == null) {
            ports = new MapPropertySource("server.ports", new HashMap<>());
            environment.getPropertySources().addFirst(ports);
        }
        ((Map<String, Object>) ports.getSource()).put("local." + namespace + ".port", port);
    }

    @Override
    public void stop() {
        HttpServer running = server;
        if (running != null) {
            // At once: a probe or scrape cut short is retried by its caller, and the JDK 17 server would otherwise wait
            // the whole delay even with no exchange under way.
            running.stop(0);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Spring Boot's web servers' phase: started before, stopped after the consumers and the routes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
