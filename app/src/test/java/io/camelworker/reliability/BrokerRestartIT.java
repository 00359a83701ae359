package io.camelworker.reliability;

import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.SecondBrokerNode;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the broker itself, on a RabbitMQ node of the test's own (port 5673) so that the shared broker is not
 * disturbed: a restart in the middle of a run, and jobs longer than the broker's {@code consumer_timeout}.
 */
class BrokerRestartIT {

    static final int PORT = 5673;
    static final int CONSUMER_TIMEOUT_MILLIS = 5000;
    static SecondBrokerNode broker;

    @TempDir
    Path logs;
    final List<WorkerProcess> workers = new ArrayList<>();
    FakeWorkerManager manager;

    @BeforeAll
    static void startBroker() throws Exception {
        // The broker checks consumer timeouts on its channel tick, every 60 s by default: once a second here.
        broker = SecondBrokerNode.start("camel-worker-faults", PORT, List.of("consumer_timeout = " + CONSUMER_TIMEOUT_MILLIS),
                "[{rabbit, [{channel_tick_interval, 1000}]}].");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void workersReconnectAfterABrokerRestartWithoutBeingRestartedAndAnswerEveryRequest() throws Exception {
        String type = FakeWorkerManager.uniqueType("restart-worker");
        manager = new FakeWorkerManager(type, PORT, true);
        for (String id : List.of("restart-1", "restart-2")) {
            workers.add(WorkerProcess.startSlowWorker(manager, type, logs, id, "--spring.rabbitmq.port=" + PORT,
                    "--test.slow.millis=20", "--worker.prefetch=5", "--worker.heartbeat-interval=1s"));
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sent.add(manager.submit("request-" + i));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> manager.answersTo(sent).size() >= 50);

        broker.stopApp();
        broker.startApp();
        long heartbeatsAtRestart = manager.heartbeats().size();

        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> manager.answersTo(sent).stream().distinct().count() >= sent.size());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(explain(sent), e);
        }
        FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
        report.print("broker restart (stop_app, start_app) mid-run");
        assertThat(report.lost()).isZero();
        assertThat(manager.responsesTo(sent)).allMatch(r -> "SUCCESS".equals(r.status()));
        for (String id : List.of("restart-1", "restart-2")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.heartbeats().stream().skip(heartbeatsAtRestart)
                    .filter(h -> id.equals(h.id())).count() >= 2);
        }
        for (WorkerProcess worker : workers) {
            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).isTrue();
        }
        // With the workers gone, any request left unacknowledged would be back in the queue.
        assertThat(manager.requestQueueDepth()).isZero();
    }

    /** What a failed wait saw: the counts, and the end of each worker's log. */
    private String explain(List<String> sent) {
        StringBuilder explanation = new StringBuilder("answered " + manager.answersTo(sent).stream().distinct().count()
                + " of " + sent.size() + ", " + manager.requestQueueDepth() + " ready in the request queue");
        for (WorkerProcess worker : workers) {
            String log = worker.log();
            explanation.append("\n--- worker log (end) ---\n").append(log.substring(Math.max(0, log.length() - 4000)));
        }
        return explanation.toString();
    }

    @Test
    void aJobLongerThanTheConsumerTimeoutEndsInTheDlqAfterTheDeliveryLimitWhileHeartbeatsGoOn() throws Exception {
        String type = FakeWorkerManager.uniqueType("long-job-worker");
        manager = new FakeWorkerManager(type, PORT, true);
        workers.add(WorkerProcess.startSlowWorker(manager, type, logs, "long-job", "--spring.rabbitmq.port=" + PORT,
                "--test.slow.millis=" + (CONSUMER_TIMEOUT_MILLIS * 3), "--worker.heartbeat-interval=1s",
                "--worker.retry.max-deliveries=2"));
        String id = manager.submit("slow");
        long heartbeatsAtStart = WorkerProcess.heartbeats(manager, "long-job");
        long submitted = System.nanoTime();

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofMinutes(5));
        long seconds = Duration.ofNanos(System.nanoTime() - submitted).toSeconds();

        assertThat(deadLetter.stacktrace()).contains("delivered 2 times without being answered", "consumer_timeout");
        assertThat(manager.answers(id)).isEmpty();
        // Two deliveries, each cut by the broker's consumer_timeout, while jobs ran: heartbeats went on all along, one
        // a second (two thirds of them at least, on a loaded machine).
        assertThat(seconds).isGreaterThanOrEqualTo(2 * CONSUMER_TIMEOUT_MILLIS / 1000);
        long heartbeats = WorkerProcess.heartbeats(manager, "long-job") - heartbeatsAtStart;
        assertThat(heartbeats).isGreaterThanOrEqualTo(seconds * 2 / 3);
    }
}
