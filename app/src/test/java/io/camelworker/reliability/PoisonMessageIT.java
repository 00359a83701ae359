package io.camelworker.reliability;

import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.apache.camel.Processor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison messages among good ones: each poison request ends answered INVALID_CONTENT or in the manager's DLQ with its
 * stack trace, after a bounded number of attempts, while the good requests around it are all answered SUCCESS. The
 * request that kills the process every time is {@code WorkerProcessFaultIT#aRequestThatKillsTheWorkerEveryTimeEndsInTheDlqAfterTheDeliveryLimit}.
 *
 * <p>The delete-files worker of {@code routes/} takes the unparsable, incomplete and oversized bodies; the outcomes test
 * route ({@code boom} throws every time) takes the body that makes a step fail, both in this JVM.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class PoisonMessageIT {

    static final String DELETE_TYPE = FakeWorkerManager.uniqueType("poison-delete-worker");
    static final String OUTCOMES_TYPE = FakeWorkerManager.uniqueType("poison-outcomes-worker");
    static final int GOOD_DELETES = 300;
    static final int GOOD_ECHOES = 100;
    static final int MAX_ATTEMPTS = 3;
    static final int FIFTY_MB = 50 * 1024 * 1024;
    static final String MARKER = "test.poison.marker";

    /** Observes every response and dead letter (the exchanges are shared) and feeds the delete worker's queue. */
    static FakeWorkerManager deleteManager;
    /** Feeds the outcomes route's queue. */
    static FakeWorkerManager outcomesManager;

    @TempDir
    static Path temp;
    static Path root;

    @BeforeAll
    static void startManagers() {
        deleteManager = new FakeWorkerManager(DELETE_TYPE);
        outcomesManager = new FakeWorkerManager(OUTCOMES_TYPE);
    }

    @AfterAll
    static void closeManagers() {
        deleteManager.close();
        outcomesManager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createDirectories(temp.resolve("allowed"));
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/delete-files-worker.camel.yaml,classpath:test-routes/outcomes.camel.yaml");
        registry.add("worker.type", () -> DELETE_TYPE);
        registry.add("test.outcomes.type", () -> OUTCOMES_TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", () -> root.toString());
        registry.add("worker.retry.max-attempts", () -> String.valueOf(MAX_ATTEMPTS));
        registry.add("worker.retry.initial-interval", () -> "20ms");
    }

    @TestConfiguration
    static class OutcomesRouteBeans {
        /** The outcomes route names this step; no request of this test takes its branch. */
        @Bean
        Processor flakyStep() {
            return exchange -> exchange.getMessage().setBody("not used here");
        }
    }

    @Test
    void everyPoisonMessageEndsAnsweredOrDeadLetteredOnceWhileHundredsOfGoodRequestsAroundThemSucceed(
            CapturedOutput output) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < GOOD_DELETES; i++) {
            files.add(Files.writeString(root.resolve("good-" + i + ".dat"), "g"));
        }
        Path outside = Files.writeString(temp.resolve("outside.dat"), "must stay");
        List<String> good = new ArrayList<>();
        Map<String, Poison> poisons = new LinkedHashMap<>();
        List<Consumer<Map<String, Poison>>> poisonKinds = poisonKinds(outside);

        for (int i = 0; i < GOOD_DELETES; i++) {
            good.add(deleteManager.submit(urls(files.get(i).toUri().toString())));
            if (i % 3 == 0) {
                good.add(outcomesManager.submit("hello-" + i));
            }
            if (i % 15 == 7) {
                poisonKinds.get((i / 15) % poisonKinds.size()).accept(poisons);
            }
        }

        List<String> sent = Stream.concat(good.stream(), poisons.keySet().stream()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(sent).stream().distinct().count() >= sent.size());
        FaultReport report = FaultReport.of(sent, outcomes(sent));
        report.print("poison messages (not JSON, binary, wrong fields, outside roots, no tenant, no request id, 50 MB, "
                + "step throwing every time) among " + good.size() + " good requests; a DLQ entry counts as the answer");

        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(good).hasSize(GOOD_DELETES + GOOD_ECHOES);
        assertThat(deleteManager.responsesTo(good)).allMatch(r -> "SUCCESS".equals(r.status()));
        assertThat(files).allMatch(Files::notExists);
        assertThat(outside).exists();
        poisons.forEach((id, poison) -> poison.check(id, output));
        assertThat(poisons.values().stream().map(Poison::kind).distinct()).hasSize(poisonKinds.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> deleteManager.requestQueueDepth() == 0
                && outcomesManager.requestQueueDepth() == 0);
    }

    @Test
    void aWorkerWith256MbOfHeapAnswersFourFiftyMegabyteBodiesInvalidContentAndGoesOnWorking(@TempDir Path logs)
            throws Exception {
        String type = FakeWorkerManager.uniqueType("big-body-worker");
        try (FakeWorkerManager manager = new FakeWorkerManager(type);
             WorkerProcess worker = WorkerProcess.start(logs, "big-body", // WorkerProcess runs it with -Xmx352m
                     "--camel.main.routes-include-pattern=file:routes/delete-files-worker.camel.yaml",
                     "--worker.type=" + type, "--worker.instance-id=big-body", "--worker.tenants=project1",
                     "--worker.files.allowed-roots=" + root, "--worker.heartbeat-interval=1s")) {
            await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, "big-body") > 0
                    || !worker.isAlive());
            assertThat(worker.isAlive()).as(worker.log()).isTrue();
            List<String> big = new ArrayList<>();
            List<String> good = new ArrayList<>();

            for (int i = 0; i < 4; i++) {
                big.add(publishWithId(manager, fiftyMegabytesOfText(), h -> { }));
                good.add(manager.submit(urls(root.resolve("never-there-" + i).toUri().toString())));
            }

            List<String> sent = Stream.concat(big.stream(), good.stream()).toList();
            await().atMost(Duration.ofSeconds(60)).until(() -> manager.answersTo(sent).size() >= sent.size()
                    || !worker.isAlive());
            FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
            report.print("4 bodies of 50 MB (not JSON) and 4 good requests to a worker with -Xmx352m");
            assertThat(worker.isAlive()).as(worker.log()).isTrue();
            assertThat(report.lost()).isZero();
            assertThat(worker.log()).doesNotContain("OutOfMemoryError");
            for (String id : big) {
                FakeWorkerManager.Response answer = manager.answers(id).get(0);
                assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
                assertThat(answer.messages()).singleElement().asString().startsWith("request body is not valid JSON")
                        .hasSizeLessThan(1024);
            }
            assertThat(manager.responsesTo(good)).allMatch(r -> "SUCCESS".equals(r.status()));
            assertThat(manager.requestQueueDepth()).isZero();
        }
    }

    /** One way of poisoning a request, and what must become of it. */
    record Poison(String kind, String expectedStatus, String expectedMessageStart) {

        void check(String id, CapturedOutput output) {
            List<FakeWorkerManager.Response> answers = deleteManager.responsesTo(List.of(id));
            List<FakeWorkerManager.DeadLetter> deadLetters = deadLettersOf(id);
            if ("DLQ".equals(expectedStatus)) {
                assertThat(answers).as(kind).isEmpty();
                assertThat(deadLetters).as(kind).singleElement()
                        .satisfies(d -> assertThat(d.stacktrace()).as(kind).startsWith(expectedMessageStart));
            } else {
                assertThat(deadLetters).as(kind).isEmpty();
                assertThat(answers).as(kind).singleElement().satisfies(a -> {
                    assertThat(a.status()).as(kind).isEqualTo(expectedStatus);
                    assertThat(a.messages()).as(kind).singleElement().asString().startsWith(expectedMessageStart)
                            .hasSizeLessThan(1024);
                });
            }
            // Only the failing step is tried again, MAX_ATTEMPTS times in all; every other poison is tried once.
            long retries = output.getAll().lines()
                    .filter(line -> line.contains("request=" + id + "]") && line.contains("failed unexpectedly")).count();
            assertThat(retries).as(kind).isEqualTo("step throwing every time".equals(kind) ? MAX_ATTEMPTS - 1 : 0);
        }
    }

    private static List<Consumer<Map<String, Poison>>> poisonKinds(Path outside) {
        return List.of(
                p -> p.put(deleteManager.submit("urls = file:///a"),
                        new Poison("not JSON", "INVALID_CONTENT", "request body is not valid JSON")),
                p -> p.put(publishWithId(deleteManager, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, h -> { }),
                        new Poison("binary", "INVALID_CONTENT", "request body is not valid JSON")),
                p -> p.put(deleteManager.submit("{\"urls\":\"file:///a\",\"more\":[1,2]}"),
                        new Poison("wrong field type", "INVALID_CONTENT", "field 'urls'")),
                p -> p.put(deleteManager.submit("{}"),
                        new Poison("field missing", "INVALID_CONTENT", "field 'urls'")),
                p -> p.put(deleteManager.submit(urls(outside.toUri().toString())),
                        new Poison("outside the allowed roots", "INVALID_CONTENT", "urls[0] '" + outside.toUri() + "' is outside the allowed roots")),
                p -> p.put(publishWithId(deleteManager, urls("file:///x").getBytes(StandardCharsets.UTF_8),
                                h -> h.remove("regards.tenant")),
                        new Poison("no regards.tenant", "DLQ", "request has no header regards.tenant")),
                p -> p.put(publishWithId(deleteManager, urls("file:///x").getBytes(StandardCharsets.UTF_8),
                                h -> h.remove("regards.request.id")),
                        new Poison("no regards.request.id", "DLQ", "request has no header regards.request.id")),
                p -> p.put(publishWithId(deleteManager, fiftyMegabytesOfText(), h -> { }),
                        new Poison("50 MB body", "INVALID_CONTENT", "request body is not valid JSON")),
                p -> p.put(outcomesManager.submit("boom"),
                        new Poison("step throwing every time", "DLQ", "java.lang.IllegalStateException: unexpected boom")));
    }

    /**
     * Publishes a request with the manager's five headers, changed by {@code edit}; a marker header carries the id so
     * that a request without {@code regards.request.id} can still be recognised in the DLQ.
     */
    private static String publishWithId(FakeWorkerManager manager, byte[] body, Consumer<Map<String, Object>> edit) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", id);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", "poison-request");
        headers.put(MARKER, id);
        edit.accept(headers);
        manager.publish(headers, body);
        return id;
    }

    /** The ids of the final outcomes of these requests: answers (not RUNNING) and dead letters, by id or marker. */
    private static List<String> outcomes(List<String> ids) {
        List<String> outcomes = new ArrayList<>(deleteManager.answersTo(ids));
        Set<String> wanted = new HashSet<>(ids);
        deleteManager.allDeadLetters().stream().map(PoisonMessageIT::idOf).filter(wanted::contains).forEach(outcomes::add);
        return outcomes;
    }

    private static List<FakeWorkerManager.DeadLetter> deadLettersOf(String id) {
        return deleteManager.allDeadLetters().stream().filter(d -> id.equals(idOf(d))).toList();
    }

    private static String idOf(FakeWorkerManager.DeadLetter deadLetter) {
        Object marker = deadLetter.headers().get(MARKER);
        return marker != null ? marker.toString() : deadLetter.requestId();
    }

    private static byte[] fiftyMegabytesOfText() {
        byte[] body = new byte[FIFTY_MB];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static String urls(String... urls) {
        return "{\"urls\":[" + String.join(",", Arrays.stream(urls).map(u -> "\"" + u + "\"").toList()) + "]}";
    }
}
