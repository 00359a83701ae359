package io.camelworker.reliability;

import io.camelworker.testing.BrokerCluster;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicated workers on a three-node RabbitMQ cluster of the test's own (ports 5675-5677), given every node's address.
 * The manager declares its classic queues through node 1, so they live there; the workers connect to node 2, which is
 * stopped in the middle of a run and later brought back: the workers move to node 3 and go on, nothing is lost.
 */
class RabbitClusterIT {

    private static final List<String> WORKERS = List.of("cluster-1", "cluster-2");
    static BrokerCluster cluster;

    @TempDir
    Path logs;
    final List<WorkerProcess> workers = new ArrayList<>();
    FakeWorkerManager manager;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = BrokerCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
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
    void workersMoveToAnotherNodeWhenTheirsStopsAndEveryRequestIsAnsweredOnceItsQueueNodeStaysUp() throws Exception {
        String type = FakeWorkerManager.uniqueType("cluster-worker");
        // The manager's durable response queue, and the request queue it declares first: both on node 1.
        manager = new FakeWorkerManager(type, cluster.node(0).port(), true);
        assertThat(cluster.homeNodeOf(FakeWorkerManager.requestQueue(type))).isEqualTo(cluster.node(0).name());
        // Node 2 first: a replica connects to the first address that answers.
        String addresses = cluster.addresses(1, 2, 0);
        for (String id : WORKERS) {
            workers.add(WorkerProcess.start(logs, id, WorkerProcess.slowWorkerArguments(type, id,
                    "--spring.rabbitmq.addresses=" + addresses, "--test.slow.millis=20", "--worker.prefetch=5",
                    "--worker.heartbeat-interval=1s")));
        }
        for (String id : WORKERS) {
            awaitHeartbeat(id, 0, WorkerProcess.STARTUP);
        }
        assertThat(cluster.connectionsOn(1)).as("connections of the workers on node 2").isGreaterThanOrEqualTo(WORKERS.size());

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(manager.submit("request-" + i));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> manager.answersTo(sent).size() >= 50);

        cluster.node(1).stopApp();
        int heartbeatsAtStop = manager.heartbeats().size();
        for (String id : WORKERS) {
            awaitHeartbeat(id, heartbeatsAtStop, Duration.ofSeconds(60));
        }
        assertThat(cluster.connectionsOn(2)).as("connections of the workers on node 3").isGreaterThanOrEqualTo(WORKERS.size());
        cluster.node(1).startApp();
        assertThat(cluster.runningNodes()).contains(cluster.node(0).name(), cluster.node(1).name(), cluster.node(2).name());

        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> manager.answersTo(sent).stream().distinct().count() >= sent.size());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("answered " + manager.answersTo(sent).stream().distinct().count() + " of " + sent.size()
                    + "; worker logs in " + logs, e);
        }
        FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
        report.print("cluster node of the workers stopped (stop_app) mid-run, then started");
        assertThat(report.lost()).isZero();
        // At least once: an answer published just before the cut may come twice, and then with the same outcome.
        Map<String, List<String>> outcomes = manager.responsesTo(sent).stream().collect(Collectors.groupingBy(
                FakeWorkerManager.Response::requestId, Collectors.mapping(FakeWorkerManager.Response::status, Collectors.toList())));
        assertThat(outcomes.values()).allMatch(statuses -> statuses.stream().allMatch("SUCCESS"::equals));
        for (WorkerProcess worker : workers) {
            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(manager.requestQueueDepth()).isZero();
    }

    private void awaitHeartbeat(String id, int after, Duration timeout) {
        try {
            await().atMost(timeout).until(() -> manager.heartbeats().stream().skip(after).anyMatch(h -> id.equals(h.id())));
        } catch (ConditionTimeoutException e) {
            String log = workers.get(WORKERS.indexOf(id)).log();
            throw new AssertionError("no heartbeat from " + id + ":\n" + log.substring(Math.max(0, log.length() - 4000)), e);
        }
    }
}
