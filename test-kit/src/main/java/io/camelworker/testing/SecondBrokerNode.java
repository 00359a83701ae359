package io.camelworker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A RabbitMQ node of its own, on other ports, for fault tests that stop the broker without disturbing the shared one
 * (recipe checked on the Debian rabbitmq-server package; the node runs as the {@code rabbitmq} user).
 */
public final class SecondBrokerNode implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path base;

    private SecondBrokerNode(String name, int port, Path base) {
        this.name = name;
        this.port = port;
        this.base = base;
    }

    /**
     * Starts a node on {@code port} and waits until it accepts connections.
     *
     * @param config   lines of its {@code rabbitmq.conf}, e.g. {@code consumer_timeout = 5000}
     * @param advanced its {@code advanced.config}, e.g. {@code [{rabbit, [{channel_tick_interval, 1000}]}].}
     */
    public static SecondBrokerNode start(String shortName, int port, List<String> config, String advanced)
            throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("rabbitmq-" + shortName);
        Files.createDirectories(base.resolve("mnesia"));
        Files.createDirectories(base.resolve("log"));
        Files.writeString(base.resolve("enabled_plugins"), "[].\n");
        Files.write(base.resolve("rabbitmq.conf"), config);
        Files.writeString(base.resolve("advanced.config"), advanced + "\n");
        SecondBrokerNode node = new SecondBrokerNode(shortName + "@localhost", port, base);
        node.run(Duration.ofSeconds(10), "chown", "-R", "rabbitmq:rabbitmq", base.toString());
        node.run(Duration.ofSeconds(30), "rabbitmq-server", "-detached");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    node.runQuietly(Duration.ofSeconds(10), "rabbitmq-diagnostics", "-n", node.name, "-q", "ping") == 0);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("RabbitMQ node " + node.name + " did not start; see " + base.resolve("log"), e);
        }
        node.run(Duration.ofSeconds(60), "rabbitmqctl", "-n", node.name, "await_startup");
        return node;
    }

    public int port() {
        return port;
    }

    /** The Erlang node name, e.g. {@code cw-cluster-1@localhost}. */
    public String name() {
        return name;
    }

    /** Runs {@code rabbitmqctl -n <this node> <arguments>} and returns what it printed; fails when it fails. */
    public String rabbitmqctl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-n", name));
        command.addAll(List.of(arguments));
        run(Duration.ofSeconds(60), command.toArray(String[]::new));
        return Files.readString(base.resolve("log").resolve("commands.out"));
    }

    /** Stops the broker application: every connection is closed; durable queues and persistent messages stay. */
    public void stopApp() throws IOException, InterruptedException {
        run(Duration.ofSeconds(60), "rabbitmqctl", "-n", name, "stop_app");
    }

    public void startApp() throws IOException, InterruptedException {
        run(Duration.ofSeconds(60), "rabbitmqctl", "-n", name, "start_app");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        runQuietly(Duration.ofSeconds(60), "rabbitmqctl", "-n", name, "stop");
    }

    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        int status = runQuietly(timeout, command);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + status);
        }
    }

    private int runQuietly(Duration timeout, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("log").resolve("commands.out").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("RABBITMQ_NODENAME", name);
        environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        environment.put("RABBITMQ_DIST_PORT", Integer.toString(port + 20000));
        environment.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
        environment.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
        environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
        environment.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq.conf").toString());
        environment.put("RABBITMQ_ADVANCED_CONFIG_FILE", base.resolve("advanced.config").toString());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
