package io.camelworker.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.camelworker.testing.FakeWorkerManager;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Request benchmarks of the worker against {@link PlainClientWorker}, each consumer in a JVM of its own, on the same
 * broker and the same REGARDS topology ({@link FakeWorkerManager#declareAsTheManager}), worker and baseline run
 * alternately so that both see the same machine load.
 *
 * <ul>
 *   <li>{@code throughput}: the requests are queued first, then the consumer starts; requests/s from the first to the
 *       last final response, for concurrency 1 and 4, without and with RUNNING.</li>
 *   <li>{@code latency}: the consumer runs first; requests are published at a fixed rate; median and p99 of the time
 *       from publish to the receipt of the final response, the first fifth (warm-up) left out.</li>
 * </ul>
 * Settings (system properties): {@code bench.count} (20000), {@code bench.repeat} (3, best kept), {@code bench.prefetch} ("1"; a list runs each), {@code bench.concurrency}
 * ("1 4"), {@code bench.running} ("false true"), {@code bench.rate} (200/s, latency), {@code bench.jvm} (consumer JVM
 * options, "-Xmx256m"), {@code bench.worker.args} (extra worker arguments), {@code bench.logs} (target/bench-logs);
 * {@code bench.worker.cp}, {@code bench.baseline.cp} (each side's class path, by default this JVM's) and
 * {@code bench.worker.jvm}, {@code bench.baseline.jvm} (options of one side only, after {@code bench.jvm}): for runs
 * with the image's flags, where each side gets its own class data sharing archive ({@code FLAGS=image bench/requests.sh}).
 */
public final class RequestBench {

    private static final String TENANT = "project1";

    private final int count = Integer.getInteger("bench.count", 20_000);
    private final List<Integer> prefetches = words(System.getProperty("bench.prefetch", "1")).stream().map(Integer::valueOf).toList();
    /** Prefetch of the run under way (both consumers always run with the same). */
    private int prefetch = prefetches.get(0);
    private final int repeats = Integer.getInteger("bench.repeat", 3);
    private final List<String> jvm = words(System.getProperty("bench.jvm", "-Xmx256m"));
    private final List<String> workerArgs = words(System.getProperty("bench.worker.args", ""));
    private final Map<String, List<String>> sideJvm = Map.of(
            "worker", words(System.getProperty("bench.worker.jvm", "")),
            "baseline", words(System.getProperty("bench.baseline.jvm", "")));
    private final Map<String, String> sideClassPath = Map.of(
            "worker", System.getProperty("bench.worker.cp", System.getProperty("java.class.path")),
            "baseline", System.getProperty("bench.baseline.cp", System.getProperty("java.class.path")));
    private final Path logs = Path.of(System.getProperty("bench.logs", "app/target/bench-logs"));
    private final Connection connection;

    private RequestBench() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        connection = factory.newConnection("request-bench");
        Files.createDirectories(logs);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        RequestBench bench = new RequestBench();
        List<String> implementations = words(System.getProperty("bench.impl", "baseline worker"));
        try {
            if (mode.equals("throughput")) {
                bench.throughput(implementations);
            } else {
                bench.latency(implementations);
            }
        } finally {
            bench.connection.close();
        }
    }

    private void throughput(List<String> implementations) throws Exception {
        System.out.printf("requests/s (best of %d), %d requests queued first, prefetch %s, consumer JVM %s%n", repeats, count,
                prefetches, jvm);
        // Warms the load generator's own JIT up, so that the first measured run is not penalised.
        throughputRun("baseline", 1, false, Math.min(count, 2_000));
        System.out.printf("%-8s %-11s %-8s %11s %11s %6s %15s %13s %6s %19s %17s %6s %10s%n", "prefetch", "concurrency", "RUNNING",
                "baseline/s", "worker/s", "ratio", "baseline CPU/req", "worker CPU/req", "ratio", "2nd half: baseline",
                "worker", "ratio", "load avg");
        for (int runPrefetch : prefetches) {
            prefetch = runPrefetch;
            for (String concurrency : words(System.getProperty("bench.concurrency", "1 4"))) {
                for (String running : words(System.getProperty("bench.running", "false true"))) {
                    Map<String, Double> rates = new LinkedHashMap<>();
                    Map<String, Double> cpu = new LinkedHashMap<>();
                    Map<String, Double> steadyCpu = new LinkedHashMap<>();
                    for (int repeat = 0; repeat < repeats; repeat++) {
                        // Alternate the order, so that neither side always runs after the other's load.
                        List<String> order = new ArrayList<>(implementations);
                        if (repeat % 2 == 1) {
                            java.util.Collections.reverse(order);
                        }
                        for (String implementation : order) {
                            double[] result = throughputRun(implementation, Integer.parseInt(concurrency), Boolean.parseBoolean(running));
                            System.err.printf("  prefetch=%d c=%s running=%s %s: %.0f/s, %.0f us CPU/request (second half: %.0f us)"
                                    + " (load %s)%n", prefetch, concurrency, running, implementation, result[0], result[1], result[2],
                                    loadAverage());
                            rates.merge(implementation, result[0], Math::max);
                            cpu.merge(implementation, result[1], Math::min);
                            steadyCpu.merge(implementation, result[2], Math::min);
                        }
                    }
                    double baseline = rates.getOrDefault("baseline", Double.NaN);
                    double worker = rates.getOrDefault("worker", Double.NaN);
                    double baselineCpu = cpu.getOrDefault("baseline", Double.NaN);
                    double workerCpu = cpu.getOrDefault("worker", Double.NaN);
                    double baselineSteady = steadyCpu.getOrDefault("baseline", Double.NaN);
                    double workerSteady = steadyCpu.getOrDefault("worker", Double.NaN);
                    System.out.printf("%-8d %-11s %-8s %11.0f %11.0f %6.2f %13.0f us %10.0f us %6.2f %16.0f us %14.0f us %6.2f %10s%n",
                            prefetch, concurrency, running, baseline, worker, worker / baseline, baselineCpu, workerCpu,
                            workerCpu / baselineCpu, baselineSteady, workerSteady, workerSteady / baselineSteady, loadAverage());
                }
            }
        }
    }

    private double[] throughputRun(String implementation, int concurrency, boolean running) throws Exception {
        return throughputRun(implementation, concurrency, running, count);
    }

    /** Answers requests/s and CPU microseconds per request of the consumer process. */
    private double[] throughputRun(String implementation, int concurrency, boolean running, int count) throws Exception {
        String type = "bench-" + implementation + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Channel channel = connection.createChannel(); Responses responses = new Responses(connection, type, count)) {
            FakeWorkerManager.declareAsTheManager(channel, type);
            channel.confirmSelect();
            for (int i = 0; i < count; i++) {
                publishRequest(channel, type, i);
            }
            channel.waitForConfirmsOrDie(120_000);
            Process consumer = startConsumer(implementation, type, concurrency, running);
            try {
                responses.awaitAll(consumer, 120 + count / 20);
            } finally {
                stop(consumer);
                channel.queueDelete(FakeWorkerManager.requestQueue(type));
                channel.exchangeDelete(FakeWorkerManager.requestQueue(type));
            }
            if (running && responses.running.get() < count) {
                throw new IllegalStateException(implementation + " sent " + responses.running.get() + " RUNNING for " + count);
            }
            return new double[] {responses.rate(), responses.cpuMicrosPerRequest, responses.steadyCpuMicrosPerRequest};
        }
    }

    private void latency(List<String> implementations) throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int concurrency = Integer.parseInt(words(System.getProperty("bench.concurrency", "1")).get(0));
        System.out.printf("latency publish -> final response, %d requests at %d/s (first %d left out), concurrency %d, prefetch %d%n",
                count, rate, count / 5, concurrency, prefetch);
        System.out.printf("%-10s %10s %10s %10s %10s%n", "", "median ms", "p99 ms", "max ms", "load avg");
        for (String implementation : implementations) {
            String type = "bench-" + implementation + "-" + UUID.randomUUID().toString().substring(0, 8);
            try (Channel channel = connection.createChannel(); Responses responses = new Responses(connection, type, count)) {
                FakeWorkerManager.declareAsTheManager(channel, type);
                Process consumer = startConsumer(implementation, type, concurrency, false);
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (channel.consumerCount(FakeWorkerManager.requestQueue(type)) < concurrency) {
                        if (System.nanoTime() > deadline || !consumer.isAlive()) {
                            throw new IllegalStateException(implementation + " did not start; see " + logs);
                        }
                        Thread.sleep(100);
                    }
                    long period = TimeUnit.SECONDS.toNanos(1) / rate;
                    long start = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        LockSupport.parkNanos(start + i * period - System.nanoTime());
                        responses.published[i] = System.nanoTime();
                        publishRequest(channel, type, i);
                    }
                    responses.awaitAll(consumer, 120);
                } finally {
                    stop(consumer);
                    channel.queueDelete(FakeWorkerManager.requestQueue(type));
                    channel.exchangeDelete(FakeWorkerManager.requestQueue(type));
                }
                long[] latencies = responses.latencies(count / 5);
                System.out.printf("%-10s %10.2f %10.2f %10.2f %10s%n", implementation, millis(percentile(latencies, 0.5)),
                        millis(percentile(latencies, 0.99)), millis(latencies[latencies.length - 1]), loadAverage());
            }
        }
    }

    private Process startConsumer(String implementation, String type, int concurrency, boolean running) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(sideJvm.get(implementation));
        command.add("-cp");
        command.add(sideClassPath.get(implementation));
        if (implementation.equals("baseline")) {
            command.addAll(List.of(PlainClientWorker.class.getName(), type, String.valueOf(concurrency),
                    String.valueOf(prefetch), String.valueOf(running)));
        } else {
            command.addAll(List.of("io.camelworker.WorkerApplication",
                    "--camel.main.routes-include-pattern=file:bench/noop.camel.yaml",
                    "--spring.main.web-application-type=none", "--server.port=-1",
                    "--worker.type=" + type, "--worker.tenants=" + TENANT, "--worker.instance-id=" + type,
                    "--worker.concurrency=" + concurrency, "--worker.prefetch=" + prefetch,
                    "--worker.send-running=" + running,
                    // Requests of a few bytes: a small broker limit lets prefetch 250 pass the start-up heap check.
                    "--worker.broker-max-message-size=64KB"));
            command.addAll(workerArgs);
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(implementation + "-c" + concurrency + "-running-" + running + ".log").toFile())
                .directory(new File(System.getProperty("user.dir"))).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void publishRequest(Channel channel, String type, int index) throws Exception {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", TENANT);
        headers.put("regards.request.id", type + "-" + index);
        headers.put("regards.request.owner", "bench");
        headers.put("regards.request.session", "bench");
        headers.put("regards.request.content_type", type + "-request");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json").priority(0)
                .deliveryMode(2).appId("rs-worker-manager").headers(headers).build();
        channel.basicPublish(FakeWorkerManager.requestQueue(type), "#", properties,
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** Counts the final responses to one run's requests, via an exclusive queue bound to the manager's response exchange. */
    private static final class Responses implements AutoCloseable {
        final long[] published;
        final long[] received;
        final AtomicInteger finals = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        /** CPU time of the consumer process per request, from the first answer to the last. */
        double cpuMicrosPerRequest = Double.NaN;
        /**
         * The same over the second half of the answers only: by then most of the JIT compilation of a young process is
         * done, so this is close to what each further request costs a replica that has been running for a while.
         */
        double steadyCpuMicrosPerRequest = Double.NaN;
        private final Channel channel;

        Responses(Connection connection, String type, int count) throws Exception {
            published = new long[count];
            received = new long[count];
            channel = connection.createChannel();
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, FakeWorkerManager.RESPONSE_EXCHANGE, "#");
            String prefix = type + "-";
            channel.basicConsume(queue, true, (tag, delivery) -> {
                long now = System.nanoTime();
                Object id = delivery.getProperties().getHeaders().get("regards.request.id");
                String requestId = id == null ? "" : id.toString();
                if (!requestId.startsWith(prefix)) {
                    return;
                }
                if (new String(delivery.getBody(), StandardCharsets.UTF_8).contains("\"RUNNING\"")) {
                    running.incrementAndGet();
                    return;
                }
                int index = Integer.parseInt(requestId.substring(prefix.length()));
                if (received[index] == 0) {
                    received[index] = now;
                    finals.incrementAndGet();
                }
            }, tag -> { });
        }

        void awaitAll(Process consumer, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long cpuAtFirst = -1;
            int answeredAtFirst = 0;
            long cpuAtHalf = -1;
            int answeredAtHalf = 0;
            while (finals.get() < received.length) {
                if (cpuAtFirst < 0 && finals.get() > 0) {
                    answeredAtFirst = finals.get();
                    cpuAtFirst = cpuTicks(consumer);
                }
                if (cpuAtHalf < 0 && finals.get() >= received.length / 2) {
                    answeredAtHalf = finals.get();
                    cpuAtHalf = cpuTicks(consumer);
                }
                if (System.nanoTime() > deadline || !consumer.isAlive()) {
                    throw new IllegalStateException(finals.get() + " responses of " + received.length
                            + (consumer.isAlive() ? " in time" : ": the consumer died"));
                }
                Thread.sleep(20);
            }
            if (cpuAtFirst >= 0 && received.length > answeredAtFirst) {
                long cpuAtLast = cpuTicks(consumer);
                cpuMicrosPerRequest = (cpuAtLast - cpuAtFirst) * 10_000.0 / (received.length - answeredAtFirst);
                if (cpuAtHalf >= 0 && received.length > answeredAtHalf) {
                    steadyCpuMicrosPerRequest = (cpuAtLast - cpuAtHalf) * 10_000.0 / (received.length - answeredAtHalf);
                }
            }
        }

        /** User + system CPU time of a process, in clock ticks (1/100 s). */
        private static long cpuTicks(Process process) {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                return -1;
            }
        }

        double rate() {
            long first = Arrays.stream(received).min().orElseThrow();
            long last = Arrays.stream(received).max().orElseThrow();
            return (received.length - 1) / ((last - first) / 1e9);
        }

        long[] latencies(int skip) {
            long[] latencies = new long[received.length - skip];
            for (int i = skip; i < received.length; i++) {
                latencies[i - skip] = received[i] - published[i];
            }
            Arrays.sort(latencies);
            return latencies;
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + "/" + fields[1];
        } catch (Exception e) {
            return "?";
        }
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
