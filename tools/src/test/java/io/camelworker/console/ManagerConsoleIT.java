package io.camelworker.console;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.testing.FakeWorkerManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The terminal manager against the real broker: each failure is one line with its fix and an exit status of its own. */
class ManagerConsoleIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ManagerConsole(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args, Map.of());
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWorkerTypeWithoutQueueIsReportedAndNoQueueIsDeclared() throws Exception {
        String type = FakeWorkerManager.uniqueType("console-no-worker");
        assertThat(run("--type", type, "--json", "{}")).isEqualTo(ManagerConsole.NO_WORKER);
        assertThat(errors()).isEqualTo("no worker of type " + type + " has started on this broker (no queue "
                + FakeWorkerManager.requestQueue(type) + " in virtual host '/'): start one with --worker.type=" + type
                + ", or check --type and --vhost" + System.lineSeparator());
        try (Connection connection = new ConnectionFactory().newConnection()) {
            assertThat(queueExists(connection, FakeWorkerManager.requestQueue(type))).isFalse();
        }
    }

    @Test
    void aWrongPasswordIsRefusedInOneLine() {
        assertThat(run("--type", "t", "--json", "{}", "--password", "not-the-password")).isEqualTo(ManagerConsole.ACCESS_REFUSED);
        assertThat(errors()).startsWith("the broker 127.0.0.1:5672 refused user 'guest' and its password: give the right ones")
                .doesNotContain("not-the-password").hasLineCount(1);
    }

    @Test
    void anUnknownVirtualHostIsNamed() {
        assertThat(run("--type", "t", "--json", "{}", "--vhost", "cw-console-no-such-vhost")).isEqualTo(ManagerConsole.UNKNOWN_VHOST);
        assertThat(errors()).startsWith("the broker 127.0.0.1:5672 has no virtual host 'cw-console-no-such-vhost': give the "
                + "workers' one with --vhost").hasLineCount(1);
    }

    @Test
    void aBrokerThatIsNotThereIsNamedWithItsAddress() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("--type", "t", "--json", "{}", "--port", String.valueOf(closedPort)))
                .isEqualTo(ManagerConsole.BROKER_UNREACHABLE);
        assertThat(errors()).startsWith("cannot reach the broker at 127.0.0.1:" + closedPort + " (ConnectException")
                .endsWith("start RabbitMQ there, or give its address with --host and --port" + System.lineSeparator())
                .hasLineCount(1);
    }

    @Test
    void aMissingBodyFileIsNamedBeforeConnecting(@TempDir Path directory) {
        Path missing = directory.resolve("request.json");
        assertThat(run("--type", "t", "--body", missing.toString(), "--port", "1")).isEqualTo(ManagerConsole.BODY_UNREADABLE);
        assertThat(errors()).isEqualTo("cannot read the --body file '" + missing + "' (NoSuchFileException): give an existing "
                + "readable file, or the body inline with --json" + System.lineSeparator());
    }

    @Test
    void aBadCommandLineIsAUsageError() {
        assertThat(run("--type", "t", "--json", "{}", "--timeout", "abc")).isEqualTo(ManagerConsole.USAGE);
        assertThat(errors()).isEqualTo("--timeout expects a whole number from 1 to 2147483647, got 'abc' "
                + "(bin/submit-request --help for the options)" + System.lineSeparator());
        assertThat(run("--help")).isEqualTo(ManagerConsole.SUCCESS);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: bin/submit-request").contains("exit status:");
    }

    @Test
    void theRequestGoesAsTheManagerSendsItAndTheAnswerIsPrinted() throws Exception {
        String type = FakeWorkerManager.uniqueType("console-answered");
        try (FakeWorkerManager manager = new FakeWorkerManager(type)) {
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                    () -> run("--type", type, "--json", "{\"urls\":[]}", "--timeout", "60", "--header", "extra=1"));
            GetResponse request = await().atMost(Duration.ofSeconds(60)).until(manager::takeFromRequestQueue, r -> r != null);
            Map<String, String> headers = new HashMap<>();
            request.getProps().getHeaders().forEach((name, value) -> headers.put(name, String.valueOf(value)));
            assertThat(headers).containsEntry(RegardsHeaders.TENANT, "project1").containsEntry(RegardsHeaders.REQUEST_OWNER, "console")
                    .containsEntry(RegardsHeaders.REQUEST_SESSION, "console")
                    .containsEntry(RegardsHeaders.REQUEST_CONTENT_TYPE, type + "-request").containsEntry("extra", "1");
            String content = Base64.getEncoder().encodeToString("done".getBytes(StandardCharsets.UTF_8));
            manager.channel().basicPublish(FakeWorkerManager.RESPONSE_EXCHANGE, "#",
                    new AMQP.BasicProperties.Builder().headers(Map.of(RegardsHeaders.TENANT, "project1",
                            RegardsHeaders.REQUEST_ID, headers.get(RegardsHeaders.REQUEST_ID))).build(),
                    ("{\"requestId\":\"" + headers.get(RegardsHeaders.REQUEST_ID) + "\",\"status\":\"SUCCESS\",\"content\":\""
                            + content + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(status.get()).isEqualTo(ManagerConsole.SUCCESS);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("no worker of type " + type + " is consuming now")
                    .contains("SUCCESS" + System.lineSeparator() + "  content=done");
        }
    }

    private static boolean queueExists(Connection connection, String queue) {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
