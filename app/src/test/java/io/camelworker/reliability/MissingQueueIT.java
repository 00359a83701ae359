package io.camelworker.reliability;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.TcpProxy;
import io.camelworker.testing.WorkerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's request queue that does not exist: not declared yet by the manager (a worker with
 * {@code worker.topology.declare=false}), deleted under a running worker, or out of reach (the broker is away when the
 * worker starts). Each time the worker ends up consuming it, and answers the requests sent once it exists.
 */
class MissingQueueIT {

    @TempDir
    Path logs;
    Connection connection;
    WorkerProcess worker;
    FakeWorkerManager manager;

    @BeforeEach
    void connect() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        connection = factory.newConnection("missing-queue-test");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (manager != null) {
            manager.close();
        }
        connection.close();
    }

    @Test
    void aWorkerThatDoesNotDeclareItsQueueSendsHeartbeatsAndWaitsQuietlyUntilTheManagerDeclaresIt() throws Exception {
        String type = FakeWorkerManager.uniqueType("undeclared-worker");
        String instanceId = "undeclared-" + type;
        // The heartbeats, seen before the queue exists: the real manager declares it only for a type it has heard from.
        Channel heartbeats = connection.createChannel();
        heartbeats.exchangeDeclare(FakeWorkerManager.HEARTBEAT_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, null);
        String heartbeatQueue = heartbeats.queueDeclare().getQueue();
        heartbeats.queueBind(heartbeatQueue, FakeWorkerManager.HEARTBEAT_EXCHANGE, "#");

        worker = WorkerProcess.start(logs, instanceId, WorkerProcess.slowWorkerArguments(type, instanceId,
                "--worker.topology.declare=false", "--test.slow.millis=1", "--worker.heartbeat-interval=1s"));
        await().atMost(WorkerProcess.STARTUP).until(() -> worker.log().contains("does not exist yet") || !worker.isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeatFrom(heartbeats, heartbeatQueue, instanceId));
        assertThat(consumers(FakeWorkerManager.requestQueue(type))).isEqualTo(-1);

        manager = new FakeWorkerManager(type);
        String id = manager.submit("after the declaration");

        assertThat(manager.awaitAnswer(id, Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS");
        String log = worker.log();
        assertThat(log).containsOnlyOnce("does not exist yet").contains("consumes queue");
        // Spring AMQP's container logs this ERROR, with a stack trace, at each attempt on a missing queue.
        assertThat(log).doesNotContain("Queue not present");
    }

    @Test
    void aWorkerThatDeclaresItsQueueDeclaresItAgainWhenItIsDeletedAndConsumesIt() throws Exception {
        String type = FakeWorkerManager.uniqueType("redeclaring-worker");
        manager = new FakeWorkerManager(type);
        worker = WorkerProcess.startSlowWorker(manager, type, logs, "redeclaring-" + type, "--test.slow.millis=1");
        assertThat(manager.awaitAnswer(manager.submit("before"), Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS");

        String queue = FakeWorkerManager.requestQueue(type);
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
        // Consumed again: the queue and its binding are declared before the container's next attempt to consume.
        orWorkerLog("queue " + queue + " not consumed again",
                () -> await().atMost(Duration.ofSeconds(60)).until(() -> consumers(queue) > 0));
        String id = manager.submit("after the deletion");

        orWorkerLog("no answer after the queue was declared again",
                () -> assertThat(manager.awaitAnswer(id, Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS"));
    }

    @Test
    void aWorkerStartedWhileTheBrokerIsAwayConsumesItsQueueOnceTheBrokerIsBack() throws Exception {
        String type = FakeWorkerManager.uniqueType("broker-away-worker");
        manager = new FakeWorkerManager(type);
        try (TcpProxy proxy = new TcpProxy(5672)) {
            proxy.goDownAfter(0);
            worker = WorkerProcess.start(logs, "broker-away", WorkerProcess.slowWorkerArguments(type, "broker-away-" + type,
                    "--spring.rabbitmq.port=" + proxy.port(), "--test.slow.millis=1"));
            await().atMost(WorkerProcess.STARTUP).until(() -> worker.log().contains("does not exist yet, or the broker is away")
                    || !worker.isAlive());
            assertThat(proxy.refused()).isPositive();

            proxy.restore();
            String id = manager.submit("once the broker is back");

            orWorkerLog("no answer once the broker was back",
                    () -> assertThat(manager.awaitAnswer(id, Duration.ofSeconds(60)).status()).isEqualTo("SUCCESS"));
            assertThat(worker.log()).contains("consumes queue").doesNotContain("Queue not present");
        }
    }

    /** Runs a wait that may time out; if it does, the failure shows the worker's log, which says why. */
    private void orWorkerLog(String failure, Runnable wait) {
        try {
            wait.run();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure + ":\n" + worker.log(), e);
        }
    }

    private boolean heartbeatFrom(Channel channel, String queue, String instanceId) throws IOException {
        for (GetResponse message = channel.basicGet(queue, true); message != null; message = channel.basicGet(queue, true)) {
            if (new String(message.getBody(), StandardCharsets.UTF_8).contains(instanceId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The consumers of a queue, or -1 when it does not exist: a passive declaration on a channel of its own, which the
     * broker closes when the queue is missing.
     */
    private int consumers(String queue) throws IOException {
        Channel channel = connection.createChannel();
        try {
            int consumers = channel.queueDeclarePassive(queue).getConsumerCount();
            channel.close();
            return consumers;
        } catch (IOException e) {
            return -1;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }
}
