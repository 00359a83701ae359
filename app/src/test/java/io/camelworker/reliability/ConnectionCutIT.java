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

/** The workers' TCP connections to the broker are cut while they consume and publish: every request is still answered. */
class ConnectionCutIT {

    @TempDir
    Path logs;
    final List<WorkerProcess> workers = new ArrayList<>();
    FakeWorkerManager manager;
    TcpProxy proxy;

    @AfterEach
    void stopEverything() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        manager.close();
        proxy.close();
    }

    @Test
    void requestsAreAnsweredOnceTheConnectionIsBackAfterItWasCutMidPublication() throws Exception {
        String type = FakeWorkerManager.uniqueType("cut-worker");
        manager = new FakeWorkerManager(type);
        proxy = new TcpProxy(5672);
        for (String id : List.of("cut-1", "cut-2")) {
            workers.add(WorkerProcess.startSlowWorker(manager, type, logs, id, "--spring.rabbitmq.port=" + proxy.port(),
                    "--test.slow.millis=2", "--worker.prefetch=5", "--worker.concurrency=2"));
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(manager.submit("request-" + i));
        }

        for (int cut = 1; cut <= 3; cut++) {
            int threshold = cut * 200;
            await().atMost(Duration.ofMinutes(2)).until(() -> manager.answersTo(sent).size() >= threshold);
            proxy.cutAll();
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> manager.answersTo(sent).stream().distinct().count() >= sent.size());

        FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
        report.print("TCP connections cut 3 times mid-run");
        assertThat(report.lost()).isZero();
        assertThat(manager.responsesTo(sent)).allMatch(r -> "SUCCESS".equals(r.status()));
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.requestQueueDepth() == 0);
    }
}
