package io.camelworker;

import com.rabbitmq.client.GetResponse;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers started as the README says, as separate JVMs: one whose heap cannot hold what the broker may deliver refuses
 * to start, and one that runs out of heap ends instead of living on without answering.
 */
class WorkerHeapIT {

    @TempDir
    Path logs;

    @Test
    void aWorkerWhoseHeapCannotHoldTheBodiesItMayReceiveRefusesToStartAndSaysWhatToChange() throws Exception {
        List<String> flags = readmeJvmFlags().stream().map(flag -> flag.startsWith("-Xmx") ? "-Xmx128m" : flag).toList();

        try (WorkerProcess worker = WorkerProcess.startWithJvmOptions(logs, "small-heap", flags,
                "--camel.main.routes-include-pattern=file:routes/delete-files-worker.camel.yaml",
                "--worker.type=" + FakeWorkerManager.uniqueType("small-heap-worker"), "--worker.tenants=project1")) {

            assertThat(worker.awaitExit(WorkerProcess.STARTUP)).as(worker::log).isTrue();
            assertThat(worker.exitValue()).isNotZero();
            assertThat(worker.log())
                    .contains("APPLICATION FAILED TO START")
                    .contains("worker.broker-max-message-size=128MB x (worker.concurrency 1 x worker.prefetch 1 deliveries "
                            + "held + 1 being read) + 64MB for the rest of the worker needs 320MB of heap; the heap is "
                            + "124MB (-Xmx128m): raise -Xmx")
                    .contains("Give the JVM the heap it needs (-Xmx")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anOutOfMemoryErrorInAnyThreadEndsTheWorkerAndItsRequestIsRedelivered() throws Exception {
        String type = FakeWorkerManager.uniqueType("heap-exhaustion-worker");
        try (FakeWorkerManager manager = new FakeWorkerManager(type);
             WorkerProcess worker = WorkerProcess.startWithJvmOptions(logs, "exhausted", readmeJvmFlags(),
                     "--camel.main.routes-include-pattern=classpath:test-routes/heap-exhaustion.camel.yaml",
                     "--test.oom.type=" + type, "--worker.instance-id=exhausted", "--worker.tenants=project1",
                     "--worker.heartbeat-interval=1s")) {
            await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, "exhausted") > 0
                    || !worker.isAlive());
            assertThat(worker.isAlive()).as(worker::log).isTrue();

            String id = manager.submit("{}");

            assertThat(worker.awaitExit(Duration.ofSeconds(60))).as(worker::log).isTrue();
            assertThat(worker.exitValue()).isEqualTo(3);
            assertThat(worker.log()).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
            await().atMost(Duration.ofSeconds(10)).until(() -> manager.requestQueueDepth() == 1);
            assertThat(manager.answers(id)).isEmpty();
            GetResponse redelivery = manager.takeFromRequestQueue();
            assertThat(redelivery.getProps().getHeaders().get("regards.request.id")).hasToString(id);
            assertThat(redelivery.getEnvelope().isRedeliver()).isTrue();
        }
    }

    /** The JVM flags of the README's command that runs a worker ({@code java <flags> -jar app/target/camel-worker.jar}). */
    static List<String> readmeJvmFlags() throws IOException {
        String command = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.contains(" java -") && line.contains(" -jar app/target/camel-worker.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md has no 'java <flags> -jar' command"));
        List<String> words = Arrays.asList(command.split("\\s+"));
        List<String> flags = new ArrayList<>(words.subList(words.indexOf("java") + 1, words.indexOf("-jar")));
        assertThat(flags).contains("-XX:+ExitOnOutOfMemoryError");
        return flags;
    }
}
