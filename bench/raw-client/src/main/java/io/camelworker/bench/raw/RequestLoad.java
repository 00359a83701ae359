package io.camelworker.bench.raw;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator and measurement harness for any REGARDS worker process (camel-worker, {@link RawWorker}, the Spring
 * Cloud Stream peer, ...). It plays the Worker Manager: declares the type's request exchange, queue and binding as the
 * manager does, queues {@code warmup + count} requests with the manager's headers and properties (publisher confirms),
 * then lets the consumer loose and counts the final responses on an exclusive queue bound to the manager's response
 * exchange. It starts no consumer of its own: either
 * <ul>
 *   <li>{@code --cmd "<command line>"}: run after the requests are queued, with {@code bash -c "exec <command line>"}
 *       ({@code {type}} in it is replaced by the worker type), and stopped (SIGTERM) at the end; or</li>
 *   <li>{@code --pid <pid>}: a consumer already running on the type's queue, paused (SIGSTOP) while the requests are
 *       queued and resumed (SIGCONT) after.</li>
 * </ul>
 * The measured window starts at the {@code warmup}-th response and ends at the last one: throughput is
 * {@code count / window}, CPU per request is the consumer's user + system CPU time (/proc/&lt;pid&gt;/stat, clock ticks
 * of 10 ms) over the window divided by {@code count}. The rest (start-up, JIT, first prefetch) is in the warm-up.
 *
 * <p>{@code --drain}: for a consumer that sends no response (PerfTest's consumer, say): progress is read from the
 * queue's ready count instead (polled every 10 ms); the window runs from the moment {@code count} requests are left to the
 * moment {@code 10 %} of them are left, so that both ends have the same prefetched-but-unanswered backlog, and the rate
 * and CPU are over those 90 %.
 *
 * <p>Options: {@code --type} (load-&lt;random&gt;), {@code --count} (20000), {@code --warmup} (2000), {@code --label},
 * {@code --tenant} (project1), {@code --timeout} seconds (600), {@code --keep} (do not delete the queue at the end),
 * {@code --drain}, {@code --settle} (seconds between the last request queued and the consumer's start or resumption, 10),
 * {@code --watch-pid} (another process whose CPU per request over the same window is reported too:
 * the broker's beam.smp, say), {@code --on-release} and {@code --on-done} (shell commands run once the requests are
 * queued, before the consumer is started or resumed, and after the last answer, before it is stopped; {@code {type}}
 * and {@code {pid}} replaced: to sample the broker's own statistics, say). Prints a human line and a {@code RESULT key=value ...} line.
 */
public final class RequestLoad {

    private RequestLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String type = options.getOrDefault("type", "load-" + UUID.randomUUID().toString().substring(0, 8));
        int count = Integer.parseInt(options.getOrDefault("count", "20000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000"));
        String label = options.getOrDefault("label", type);
        String tenant = options.getOrDefault("tenant", "project1");
        long timeout = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("timeout", "600")));
        String command = options.get("cmd");
        long givenPid = Long.parseLong(options.getOrDefault("pid", "-1"));
        if ((command == null) == (givenPid < 0) || warmup < 1 || count < 1) {
            System.err.println("usage: RequestLoad (--cmd \"<consumer command, {type} = worker type>\" | --pid <pid>)"
                    + " [--type T] [--count 20000] [--warmup 2000] [--label L] [--tenant project1] [--timeout 600] [--keep]");
            System.exit(2);
        }
        int total = warmup + count;
        String run = UUID.randomUUID().toString().substring(0, 8);
        String queue = Regards.requestQueue(type);

        try (Connection connection = Regards.factory().newConnection("request-load")) {
            Channel channel = connection.createChannel();
            Regards.declare(channel, type);
            long already = channel.queueDeclarePassive(queue).getMessageCount();
            if (already > 0) {
                System.err.println("warning: " + already + " messages already in " + queue);
            }
            Progress counter = options.containsKey("drain") ? new Drain(connection, queue, count)
                    : new Counter(connection, run, total, warmup);
            counter.otherPid = Long.parseLong(options.getOrDefault("watch-pid", "-1"));

            Process process = null;
            long pid = givenPid;
            if (pid >= 0) {
                signal(pid, "STOP");
            }
            long publishStart = System.nanoTime();
            publish(channel, type, tenant, run, total);
            double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
            // Lets the broker finish what a burst of persistent publications leaves it to do (index and store writes,
            // memory reduction of the queue) before the clock starts: a consumer that starts fast would pay for it.
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(options.getOrDefault("settle", "10"))));
            hook(options.get("on-release"), type, -1);
            long released = System.nanoTime();
            long cpuAtRelease;
            if (command != null) {
                process = new ProcessBuilder("bash", "-c", "exec " + command.replace("{type}", type))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
                pid = process.pid();
                counter.pid = pid;
                cpuAtRelease = 0;
            } else {
                counter.pid = pid;
                cpuAtRelease = cpuTicks(pid);
                signal(pid, "CONT");
            }
            try {
                counter.await(timeout, process, pid);
                hook(options.get("on-done"), type, pid);
            } finally {
                if (process != null) {
                    process.destroy();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                }
                if (!options.containsKey("keep") && process != null) {
                    channel.queueDelete(queue);
                    channel.exchangeDelete(queue);
                }
            }
            int measured = counter.measured();
            double window = (counter.lastAt - counter.warmAt) / 1e9;
            double rate = measured / window;
            double cpuMicros = (counter.cpuAtLast - counter.cpuAtWarm) * 10_000.0 / measured;
            double otherMicros = (counter.otherAtLast - counter.otherAtWarm) * 10_000.0 / measured;
            double firstAnswer = (counter.firstAt - released) / 1e9;
            double warmCpuSeconds = (counter.cpuAtWarm - cpuAtRelease) / 100.0;
            String load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
            System.out.printf(Locale.ROOT, "%s: %d requests in %.2f s = %.0f requests/s, %.1f us CPU/request"
                            + " (warm-up %d: first answer after %.2f s, %.1f s CPU until the %d-th; queued in %.1f s;"
                            + " duplicates %d; watched process %.1f us CPU/request; load %s)%n", label, measured, window, rate, cpuMicros,
                    warmup, firstAnswer, warmCpuSeconds, warmup, publishSeconds, counter.duplicates.get(), otherMicros, load);
            System.out.printf(Locale.ROOT, "RESULT label=%s type=%s count=%d warmup=%d seconds=%.3f rate=%.0f cpu_us=%.1f"
                            + " first_answer_s=%.2f warmup_cpu_s=%.2f duplicates=%d watched_cpu_us=%.1f load1=%s%n", label, type, measured,
                    warmup, window, rate, cpuMicros, firstAnswer, warmCpuSeconds, counter.duplicates.get(), otherMicros, load);
        }
    }

    /** Queues the requests as the manager dispatches them (§2): five headers, JSON, priority 0, persistent, key '#'. */
    private static void publish(Channel channel, String type, String tenant, String run, int total) throws Exception {
        channel.confirmSelect();
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < total; i++) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("regards.tenant", tenant);
            headers.put("regards.request.id", run + "-" + i);
            headers.put("regards.request.owner", "bench");
            headers.put("regards.request.session", "bench");
            headers.put("regards.request.content_type", type + "-request");
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .priority(0).deliveryMode(2).appId("rs-worker-manager").timestamp(new java.util.Date())
                    .headers(headers).build();
            channel.basicPublish(Regards.requestQueue(type), "#", properties, body);
            if (i % 5_000 == 4_999) {
                channel.waitForConfirmsOrDie(120_000);
            }
        }
        channel.waitForConfirmsOrDie(120_000);
    }

    /** The two ends of the measured window, with the consumer's CPU time at each. */
    private abstract static class Progress {
        final AtomicInteger duplicates = new AtomicInteger();
        volatile long pid = -1;
        volatile long firstAt;
        volatile long warmAt;
        volatile long lastAt;
        volatile long cpuAtWarm = -1;
        volatile long cpuAtLast = -1;
        /** Another process watched over the same window (the broker, say), or -1. */
        volatile long otherPid = -1;
        volatile long otherAtWarm = -1;
        volatile long otherAtLast = -1;

        void markWarm(long now) {
            warmAt = now;
            cpuAtWarm = cpuTicks(pid);
            otherAtWarm = otherPid < 0 ? 0 : cpuTicks(otherPid);
        }

        void markLast(long now) {
            lastAt = now;
            otherAtLast = otherPid < 0 ? 0 : cpuTicks(otherPid);
            cpuAtLast = cpuTicks(pid);
        }

        abstract int measured();

        abstract String progress();

        void await(long timeout, Process process, long pid) throws InterruptedException {
            long deadline = System.nanoTime() + timeout;
            while (cpuAtLast < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(progress() + " in time");
                }
                if (process != null ? !process.isAlive() : !Files.exists(Path.of("/proc/" + pid))) {
                    throw new IllegalStateException(progress() + ": the consumer died");
                }
                Thread.sleep(20);
            }
        }
    }

    /** Counts the distinct final answers to this run's requests, reading the consumer's CPU time at two of them. */
    private static final class Counter extends Progress {
        final BitSet answered;
        final AtomicInteger distinct = new AtomicInteger();
        final int total;
        final int warmup;

        Counter(Connection connection, String run, int total, int warmup) throws Exception {
            this.total = total;
            this.warmup = warmup;
            answered = new BitSet(total);
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, Regards.RESPONSE_EXCHANGE, "#");
            String prefix = run + "-";
            // One consumer thread: the counting below needs no lock.
            channel.basicConsume(queue, true, (tag, delivery) -> {
                long now = System.nanoTime();
                Map<String, Object> headers = delivery.getProperties().getHeaders();
                Object id = headers == null ? null : headers.get("regards.request.id");
                String requestId = id == null ? "" : id.toString();
                if (!requestId.startsWith(prefix) || new String(delivery.getBody(), StandardCharsets.UTF_8).contains("\"RUNNING\"")) {
                    return;
                }
                int index = Integer.parseInt(requestId.substring(prefix.length()));
                if (answered.get(index)) {
                    duplicates.incrementAndGet();
                    return;
                }
                answered.set(index);
                int n = distinct.incrementAndGet();
                if (n == 1) {
                    firstAt = now;
                }
                if (n == warmup) {
                    markWarm(now);
                }
                if (n == total) {
                    markLast(now);
                }
            }, tag -> { });
        }

        @Override
        int measured() {
            return total - warmup;
        }

        @Override
        String progress() {
            return distinct.get() + " answers of " + total;
        }
    }

    /** Follows the queue's ready count, for consumers that answer nothing. */
    private static final class Drain extends Progress {
        final int count;
        final int rest;
        volatile long ready = -1;

        Drain(Connection connection, String queue, int count) throws Exception {
            this.count = count;
            this.rest = count / 10;
            Channel channel = connection.createChannel();
            Thread poller = new Thread(() -> {
                try {
                    boolean started = false;
                    while (cpuAtLast < 0) {
                        long now = System.nanoTime();
                        ready = channel.queueDeclarePassive(queue).getMessageCount();
                        if (pid >= 0 && !started && ready <= count) {
                            started = true;
                            firstAt = now;
                            markWarm(now);
                        } else if (started && ready <= rest) {
                            markLast(now);
                        }
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "drain-poller");
            poller.setDaemon(true);
            poller.start();
        }

        @Override
        int measured() {
            return count - rest;
        }

        @Override
        String progress() {
            return ready + " requests still ready";
        }
    }

    /** User + system CPU time of a process (its threads, dead ones included), in clock ticks of 1/100 s. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** Runs a shell command ({type} and {pid} replaced), its output to this process's, and waits for it. */
    private static void hook(String command, String type, long pid) throws Exception {
        if (command != null) {
            new ProcessBuilder("bash", "-c", command.replace("{type}", type).replace("{pid}", Long.toString(pid)))
                    .inheritIO().start().waitFor();
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (name.equals("keep") || name.equals("drain")) {
                options.put(name, "true");
            } else {
                options.put(name, rest.get(++i));
            }
        }
        return options;
    }
}
