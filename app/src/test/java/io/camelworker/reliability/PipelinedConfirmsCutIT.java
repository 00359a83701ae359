package io.camelworker.reliability;

import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.TcpProxy;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker with hundreds of answers awaiting their confirm (prefetch 250, no-op requests) has its connections cut:
 * no request is lost, and a request answered twice has the same outcome both times.
 */
class PipelinedConfirmsCutIT {

    @TempDir
    Path logs;
    WorkerProcess worker;
    FakeWorkerManager manager;
    TcpProxy proxy;

    @AfterEach
    void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        manager.close();
        proxy.close();
    }

    @Test
    void cuttingTheConnectionsWhileManyConfirmsAreOutstandingLosesNothing() throws Exception {
        String type = FakeWorkerManager.uniqueType("pipelined-cut-worker");
        manager = new FakeWorkerManager(type);
        proxy = new TcpProxy(5672);
        worker = WorkerProcess.startSlowWorker(manager, type, logs, "pipelined-1", "--spring.rabbitmq.port=" + proxy.port(),
                "--test.slow.millis=0", "--worker.prefetch=250", "--worker.concurrency=2");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            sent.add(manager.submit("request-" + i));
        }

        for (int cut = 1; cut <= 3; cut++) {
            int threshold = cut * 600;
            await().atMost(Duration.ofMinutes(2)).until(() -> manager.answersTo(sent).size() >= threshold);
            proxy.cutAll();
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> manager.answersTo(sent).stream().distinct().count() >= sent.size());

        FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
        report.print("TCP connections cut 3 times, prefetch 250, confirms pipelined");
        assertThat(report.lost()).isZero();
        assertThat(manager.responsesTo(sent)).allMatch(r -> "SUCCESS".equals(r.status()));
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.requestQueueDepth() == 0);
    }
}
