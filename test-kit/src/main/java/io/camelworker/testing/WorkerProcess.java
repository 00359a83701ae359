package io.camelworker.testing;

import java.io.File;
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
 * A worker running as a separate JVM on the test class path, so that tests can kill it for real ({@code kill -9})
 * or stop it as an orchestrator does (SIGTERM).
 */
public final class WorkerProcess implements AutoCloseable {

    /** How long a worker JVM may take to start on a busy 2-core machine. */
    public static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code io.camelworker.WorkerApplication} with these Spring Boot arguments. */
    public static WorkerProcess start(Path logDirectory, String name, String... arguments) throws IOException {
        return start(logDirectory, name, List.of(), arguments);
    }

    /**
     * As {@link #start(Path, String, String...)}, with JVM options after the default ones, e.g. the Docker image's
     * {@code -XX:+ExitOnOutOfMemoryError}.
     */
    public static WorkerProcess start(Path logDirectory, String name, List<String> jvmOptions, String... arguments)
            throws IOException {
        List<String> options = new ArrayList<>(List.of("-Xmx352m", "-XX:TieredStopAtLevel=1"));
        options.addAll(jvmOptions);
        return startWithJvmOptions(logDirectory, name, options, arguments);
    }

    /**
     * Starts {@code io.camelworker.WorkerApplication} with these JVM options only (heap, GC, error handling: a launch
     * path's own flags) and these Spring Boot arguments.
     */
    public static WorkerProcess startWithJvmOptions(Path logDirectory, String name, List<String> jvmOptions,
                                                    String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "io.camelworker.WorkerApplication",
                "--spring.main.web-application-type=none"));
        command.addAll(List.of(arguments));
        return launch(logDirectory, name, command, Map.of());
    }

    /**
     * Starts a packaged jar as a user runs it ({@code java <jvmOptions> -jar <jar> <arguments>}), with these variables
     * added to the environment (e.g. {@code LOADER_PATH}).
     */
    public static WorkerProcess startJar(Path logDirectory, String name, Path jar, Map<String, String> environment,
                                         List<String> jvmOptions, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(arguments));
        return launch(logDirectory, name, command, environment);
    }

    private static WorkerProcess launch(Path logDirectory, String name, List<String> command,
                                        Map<String, String> environment) throws IOException {
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File(System.getProperty("user.dir")));
        builder.environment().putAll(environment);
        return new WorkerProcess(builder.start(), log);
    }

    /**
     * Starts a worker of the {@code test-routes/slow.camel.yaml} route for the manager's worker type, and waits for its
     * first heartbeat, which it sends once it consumes. Its answers read {@code done by <instanceId>}.
     */
    public static WorkerProcess startSlowWorker(FakeWorkerManager manager, String type, Path logs, String instanceId,
                                                String... extra) throws IOException {
        WorkerProcess worker = start(logs, instanceId, slowWorkerArguments(type, instanceId, extra));
        try {
            await().atMost(STARTUP).until(() -> heartbeats(manager, instanceId) > 0 || !worker.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("worker " + instanceId + " did not start:\n" + worker.log(), e);
        }
        if (heartbeats(manager, instanceId) == 0) {
            throw new AssertionError("worker " + instanceId + " died at start-up:\n" + worker.log());
        }
        return worker;
    }

    /** Arguments of a worker of the {@code test-routes/slow.camel.yaml} route. */
    public static String[] slowWorkerArguments(String type, String instanceId, String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--camel.main.routes-include-pattern=classpath:test-routes/slow.camel.yaml",
                "--test.slow.type=" + type,
                "--worker.instance-id=" + instanceId,
                "--worker.tenants=project1",
                "--worker.retry.initial-interval=100ms",
                // Its requests are a few bytes: a small broker limit lets the tests of prefetch 250 pass the heap check.
                "--worker.broker-max-message-size=64KB"));
        arguments.addAll(List.of(extra));
        return arguments.toArray(String[]::new);
    }

    /** Heartbeats the manager received from one worker instance. */
    public static long heartbeats(FakeWorkerManager manager, String instanceId) {
        return manager.heartbeats().stream().filter(h -> instanceId.equals(h.id())).count();
    }

    /** SIGKILL: the process dies at once, without any shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a replica. */
    public void terminate() {
        process.destroy();
    }

    /** The operating system's id of the process: the same one before and after a request means it did not end. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
