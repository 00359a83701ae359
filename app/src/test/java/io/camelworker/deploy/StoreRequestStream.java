package io.camelworker.deploy;

import io.camelworker.testing.FakeWorkerManager;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A steady stream of store requests to a storage worker, played as the Worker Manager with {@link FakeWorkerManager}
 * (the manager's declarations, headers and exchanges), and the checks of a deployment exercise once it ends: every
 * request answered, duplicates only with the same outcome, each file stored once under its one name, and the longest
 * silence of the type's heartbeats. Run by {@code docker/swarm-rollout.sh} while it updates, kills and scales the tasks;
 * not a test of the suite (it needs deployed workers).
 *
 * <p>Arguments, {@code name=value}: {@code type} (worker type), {@code host-data} (the directory bind-mounted into the
 * tasks), {@code task-data} (where the tasks see it, default {@code /data}), {@code rate} (requests per second, default
 * 10), {@code max} (requests at most, default 5000), {@code stop-file} (the stream ends when this file exists),
 * {@code drain} (how long to wait for the last answers, default 180 s). Exit status 0 when every check passes.
 */
public final class StoreRequestStream {

    /** The manager forgets a worker type after this long without one of its heartbeats (protocol spec §4). */
    static final Duration DEAD_WORKER_DELAY = Duration.ofSeconds(60);

    private static final PrintStream OUT = System.out;

    private StoreRequestStream() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("argument '" + arg + "' is not name=value");
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        String type = required(options, "type");
        Path hostData = Path.of(required(options, "host-data"));
        String taskData = options.getOrDefault("task-data", "/data");
        double rate = Double.parseDouble(options.getOrDefault("rate", "10"));
        int max = Integer.parseInt(options.getOrDefault("max", "5000"));
        Path stopFile = Path.of(options.getOrDefault("stop-file", hostData.resolve("stop").toString()));
        Duration drain = Duration.ofSeconds(Long.parseLong(options.getOrDefault("drain", "180")));

        Path sources = Files.createDirectories(hostData.resolve("in"));
        Path store = hostData.resolve("store");
        try (FakeWorkerManager manager = new FakeWorkerManager(type)) {
            say("waiting for a heartbeat of type %s", type);
            manager.awaitHeartbeat(h -> type.equals(h.type()), Duration.ofMinutes(5));
            manager.channel().confirmSelect();
            Map<String, String> checksumById = new LinkedHashMap<>();
            Instant start = Instant.now();
            long periodNanos = (long) (1e9 / rate);
            long next = System.nanoTime();
            say("streaming store requests at %.1f/s until %s exists (at most %d)", rate, stopFile, max);
            while (checksumById.size() < max && !Files.exists(stopFile)) {
                int index = checksumById.size();
                byte[] content = ("file " + index + " of " + type + " at " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
                Files.write(sources.resolve(index + ".txt"), content);
                String checksum = md5(content);
                String id = manager.submit("""
                        {"checksum":"%s","algorithm":"MD5","url":"file://%s/in/%d.txt","destinationDirectory":"run",
                         "computeImageSize":false,"activateSmallFilePackaging":false,
                         "parameters":{"fileNamingStrategy":"CHECKSUM","baseStorageLocationAsString":"%s/store"}}"""
                        .formatted(checksum, taskData, index, taskData));
                checksumById.put(id, checksum);
                if (checksumById.size() % 100 == 0) {
                    manager.channel().waitForConfirmsOrDie(30_000);
                    say("%d sent, %d answered", checksumById.size(), manager.answersTo(checksumById.keySet()).size());
                }
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            manager.channel().waitForConfirmsOrDie(30_000);
            Instant published = Instant.now();
            say("%d sent (confirmed by the broker) in %d s; waiting up to %d s for the last answers",
                    checksumById.size(), Duration.between(start, published).toSeconds(), drain.toSeconds());
            Instant deadline = published.plus(drain);
            while (Instant.now().isBefore(deadline) && answered(manager, checksumById.keySet()) < checksumById.size()) {
                TimeUnit.SECONDS.sleep(1);
            }
            Instant drained = Instant.now();
            boolean passed = report(type, manager, checksumById, store.resolve("run"), start, published, drained);
            say(passed ? "PASSED" : "FAILED");
            System.exit(passed ? 0 : 1);
        }
    }

    private static boolean report(String type, FakeWorkerManager manager, Map<String, String> checksumById, Path stored,
                                  Instant start, Instant published, Instant drained) throws IOException {
        Map<String, List<FakeWorkerManager.Response>> answers = new LinkedHashMap<>();
        checksumById.keySet().forEach(id -> answers.put(id, new ArrayList<>()));
        manager.allResponses().stream().filter(r -> !"RUNNING".equals(r.status()) && answers.containsKey(r.requestId()))
                .forEach(r -> answers.get(r.requestId()).add(r));
        long lost = answers.values().stream().filter(List::isEmpty).count();
        long duplicated = answers.values().stream().filter(a -> a.size() > 1).count();
        long conflicting = answers.values().stream()
                .filter(a -> a.stream().map(FakeWorkerManager.Response::status).distinct().count() > 1).count();
        Map<String, Long> outcomes = answers.values().stream().filter(a -> !a.isEmpty())
                .collect(Collectors.groupingBy(a -> a.get(0).status(), TreeMap::new, Collectors.counting()));
        long deadLetters = manager.allDeadLetters().stream().filter(d -> answers.containsKey(d.requestId())).count();
        say("requests: %d sent, %d answered, %d lost, %d answered more than once (%d with differing outcomes), "
                        + "%d dead-lettered; outcomes %s", checksumById.size(), checksumById.size() - lost, lost,
                duplicated, conflicting, deadLetters, outcomes);
        answers.entrySet().stream().filter(e -> !e.getValue().isEmpty() && !"SUCCESS".equals(e.getValue().get(0).status()))
                .limit(5).forEach(e -> say("  not SUCCESS: %s %s %s", e.getKey(), e.getValue().get(0).status(),
                        e.getValue().get(0).messages()));
        answers.entrySet().stream().filter(e -> e.getValue().isEmpty()).limit(5)
                .forEach(e -> say("  lost: %s", e.getKey()));
        say("durations: stream %d s, last answers %d s after the stream ended",
                Duration.between(start, published).toSeconds(), Duration.between(published, drained).toSeconds());

        Set<String> names;
        try (Stream<Path> files = Files.list(stored)) {
            names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> expected = answers.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(r -> "SUCCESS".equals(r.status())))
                .map(e -> checksumById.get(e.getKey())).collect(Collectors.toSet());
        // A copy cut short (its task killed) may leave its hidden temporary file: never a stored file, but disk used.
        List<String> partial = names.stream().filter(n -> n.startsWith(".") && n.endsWith(".part")).sorted().toList();
        long unexpected = names.stream().filter(n -> !expected.contains(n) && !partial.contains(n)).count();
        long missing = expected.stream().filter(n -> !names.contains(n)).count();
        say("files in %s: %d stored, for %d requests answered SUCCESS; %d missing, %d under another name %s; "
                        + "%d temporary files left over %s", stored, names.size() - partial.size(), expected.size(), missing,
                unexpected, names.stream().filter(n -> !expected.contains(n) && !partial.contains(n)).limit(5).toList(),
                partial.size(), partial.stream().limit(5).toList());

        List<Instant> beats = manager.heartbeats().stream().filter(h -> type.equals(h.type()))
                .map(h -> Instant.parse(h.body().path("heartBeatDate").asText())).sorted().toList();
        Set<String> instances = manager.heartbeats().stream().filter(h -> type.equals(h.type()))
                .map(FakeWorkerManager.Heartbeat::id).collect(Collectors.toCollection(TreeSet::new));
        Duration longest = Duration.ZERO;
        Instant longestEnd = null;
        List<Instant> timeline = new ArrayList<>(beats);
        timeline.add(drained);
        for (int i = 1; i < timeline.size(); i++) {
            Duration gap = Duration.between(timeline.get(i - 1), timeline.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
                longestEnd = timeline.get(i);
            }
        }
        say("heartbeats of %s: %d from %d instance ids %s; longest gap %.1f s (ending %s), dead-worker delay %d s",
                type, beats.size(), instances.size(), instances, longest.toMillis() / 1000.0, longestEnd,
                DEAD_WORKER_DELAY.toSeconds());
        return lost == 0 && conflicting == 0 && unexpected == 0 && missing == 0 && deadLetters == 0
                && longest.compareTo(DEAD_WORKER_DELAY) < 0;
    }

    private static long answered(FakeWorkerManager manager, Set<String> ids) {
        return manager.answersTo(ids).stream().distinct().count();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("argument " + name + "=... is required");
        }
        return value;
    }

    private static String md5(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static void say(String format, Object... args) {
        OUT.printf("[stream %s] %s%n", Instant.now().toString().substring(11, 19), format.formatted(args));
        OUT.flush();
    }
}
