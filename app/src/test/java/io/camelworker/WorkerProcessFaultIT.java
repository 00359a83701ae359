package io.camelworker;

import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers as real processes, killed ({@code kill -9}) or stopped (SIGTERM) while they process a request: the request
 * is never lost, and a request that kills every worker ends in the manager's DLQ instead of looping for ever.
 */
class WorkerProcessFaultIT {

    static final Duration STARTUP = WorkerProcess.STARTUP;

    @TempDir
    Path logs;
    String type;
    FakeWorkerManager manager;
    final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeEach
    void startManager() {
        type = FakeWorkerManager.uniqueType("slow-worker");
        manager = new FakeWorkerManager(type);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        manager.close();
    }

    @Test
    void aRequestInFlightInAKilledWorkerIsProcessedByAnotherWorkerAndAnswered() throws Exception {
        WorkerProcess first = startWorker("first", "--test.slow.millis=60000");
        String id = manager.submit("slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> !manager.responses(id).isEmpty());

        first.kill();
        startWorker("second", "--test.slow.millis=100");
        FakeWorkerManager.Response answer = manager.awaitAnswer(id, STARTUP);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentText()).isEqualTo("done by second");
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.requestQueueDepth() == 0);
        assertThat(manager.answers(id)).hasSize(1);
    }

    @Test
    void aRequestThatKillsTheWorkerEveryTimeEndsInTheDlqAfterTheDeliveryLimit() throws Exception {
        String id = manager.submit("crash");
        int[] started = {0};

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!manager.deadLetters(id).isEmpty()) {
                return true;
            }
            if (workers.stream().noneMatch(WorkerProcess::isAlive)) {
                // Not waiting for a heartbeat: the worker may take the request, and die, before its first one.
                String instanceId = "crash-" + ++started[0];
                workers.add(WorkerProcess.start(logs, instanceId,
                        WorkerProcess.slowWorkerArguments(type, instanceId, "--worker.retry.max-deliveries=3")));
            }
            return false;
        });

        FakeWorkerManager.DeadLetter deadLetter = manager.deadLetters(id).get(0);
        assertThat(deadLetter.stacktrace()).contains("delivered 3 times without being answered", "worker.retry.max-deliveries=3");
        assertThat(deadLetter.headers()).containsEntry("regards.tenant", "project1");
        assertThat(manager.answers(id)).isEmpty();
        // Three deliveries crashed a worker; the worker that took the fourth one dead-lettered it and lives on.
        assertThat(started[0]).isEqualTo(4);
        assertThat(workers.get(3).isAlive()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.requestQueueDepth() == 0);
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishAndHeartbeatsStopFirst() throws Exception {
        WorkerProcess worker = startWorker("graceful", "--test.slow.millis=4000", "--worker.heartbeat-interval=1s");
        String id = manager.submit("slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> !manager.responses(id).isEmpty());

        worker.terminate();
        FakeWorkerManager.Response answer = manager.awaitAnswer(id, Duration.ofSeconds(30));
        long heartbeatsAtAnswer = heartbeatsOf("graceful");

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentText()).isEqualTo("done by graceful");
        assertThat(worker.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(heartbeatsOf("graceful")).isEqualTo(heartbeatsAtAnswer);
        assertThat(manager.requestQueueDepth()).isZero();
    }

    @Test
    void sigtermLeavesARequestThatCannotFinishInTimeForAnotherWorker() throws Exception {
        WorkerProcess worker = startWorker("impatient", "--test.slow.millis=60000", "--worker.shutdown-timeout=1s");
        String id = manager.submit("slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> !manager.responses(id).isEmpty());

        worker.terminate();
        assertThat(worker.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(manager.answers(id)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.requestQueueDepth() == 1);

        startWorker("successor", "--test.slow.millis=100");
        FakeWorkerManager.Response answer = manager.awaitAnswer(id, STARTUP);
        assertThat(answer.contentText()).isEqualTo("done by successor");
    }

    private long heartbeatsOf(String instanceId) {
        return WorkerProcess.heartbeats(manager, instanceId);
    }

    private WorkerProcess startWorker(String instanceId, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--worker.send-running=true"));
        arguments.addAll(List.of(extra));
        WorkerProcess worker = WorkerProcess.startSlowWorker(manager, type, logs, instanceId, arguments.toArray(String[]::new));
        workers.add(worker);
        return worker;
    }
}
