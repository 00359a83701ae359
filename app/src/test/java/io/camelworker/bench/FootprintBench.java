package io.camelworker.bench;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time and memory at rest of one command: the time from process start to the receipt of its first heartbeat,
 * then its resident memory (VmRSS) after {@code bench.idle} seconds (10) of rest. Runs it {@code bench.runs} times (3)
 * and prints the best start-up and the smallest RSS on one line.
 *
 * <p>Usage: {@code FootprintBench <label> <command...>}; in the command, {@code {ID}} stands for a fresh instance id and
 * {@code {TYPE}} for a fresh worker type.
 */
public final class FootprintBench {

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        List<String> template = Arrays.asList(args).subList(1, args.length);
        int runs = Integer.getInteger("bench.runs", 3);
        int idle = Integer.getInteger("bench.idle", 10);
        Path logs = Path.of(System.getProperty("bench.logs", "app/target/bench-logs"));
        Files.createDirectories(logs);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        double bestStart = Double.MAX_VALUE;
        long bestRss = Long.MAX_VALUE;
        try (Connection connection = factory.newConnection("footprint-bench"); Channel channel = connection.createChannel()) {
            for (int run = 0; run < runs; run++) {
                String type = "bench-footprint-" + UUID.randomUUID().toString().substring(0, 8);
                String id = type + "-instance";
                FakeWorkerManager.declareAsTheManager(channel, type);
                String queue = channel.queueDeclare("", false, true, true, null).getQueue();
                channel.queueBind(queue, FakeWorkerManager.HEARTBEAT_EXCHANGE, "#");
                long[] firstHeartbeat = {0};
                String consumerTag = channel.basicConsume(queue, true, (tag, delivery) -> {
                    long now = System.nanoTime();
                    if (new String(delivery.getBody(), StandardCharsets.UTF_8).contains(id)) {
                        synchronized (firstHeartbeat) {
                            if (firstHeartbeat[0] == 0) {
                                firstHeartbeat[0] = now;
                            }
                        }
                    }
                }, tag -> { });
                List<String> command = new ArrayList<>();
                template.forEach(word -> command.add(word.replace("{ID}", id).replace("{TYPE}", type)));
                long started = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(logs.resolve("footprint-" + label.replaceAll("\\W+", "_") + ".log").toFile())
                        .directory(new File(System.getProperty("user.dir"))).start();
                try {
                    long deadline = started + TimeUnit.SECONDS.toNanos(120);
                    while (heartbeat(firstHeartbeat) == 0) {
                        if (System.nanoTime() > deadline || !process.isAlive()) {
                            throw new IllegalStateException(label + ": no heartbeat; see " + logs);
                        }
                        Thread.sleep(10);
                    }
                    double startSeconds = (heartbeat(firstHeartbeat) - started) / 1e9;
                    Thread.sleep(TimeUnit.SECONDS.toMillis(idle));
                    long rss = rssKb(process.pid());
                    bestStart = Math.min(bestStart, startSeconds);
                    bestRss = Math.min(bestRss, rss);
                    System.err.printf("  %s run %d: first heartbeat after %.2f s, RSS at rest %d MB, load %s%n", label, run + 1,
                            startSeconds, rss / 1024, RequestBench.loadAverage());
                } finally {
                    process.destroy();
                    if (!process.waitFor(90, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                    channel.basicCancel(consumerTag);
                    channel.queueDelete(queue);
                    channel.queueDelete(FakeWorkerManager.requestQueue(type));
                    channel.exchangeDelete(FakeWorkerManager.requestQueue(type));
                }
            }
        }
        System.out.printf("%-58s %8.2f s %8d MB %12s%n", label, bestStart, bestRss / 1024, RequestBench.loadAverage());
    }

    private static long heartbeat(long[] firstHeartbeat) {
        synchronized (firstHeartbeat) {
            return firstHeartbeat[0];
        }
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
