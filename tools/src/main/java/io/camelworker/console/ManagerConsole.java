package io.camelworker.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import io.camelworker.outcome.Causes;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.WorkerTopology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays the Worker Manager from a terminal: submits one request to a worker type, as the manager dispatches it, and
 * prints the responses until the final one. For route authors; see {@code bin/submit-request}.
 *
 * <p>It declares nothing that outlives it: the request queue must exist (a worker of the type has started), and the
 * answers are read through exclusive queues that go with its connection. Each failure is one line naming the cause and the
 * fix, with an exit status of its own ({@link ConsoleArguments#USAGE}).
 */
public final class ManagerConsole {

    static final int SUCCESS = 0;
    static final int FAILED = 1;
    static final int NO_ANSWER = 2;
    static final int NO_WORKER = 3;
    static final int USAGE = 64;
    static final int BODY_UNREADABLE = 66;
    static final int UNKNOWN_VHOST = 68;
    static final int BROKER_UNREACHABLE = 69;
    static final int ACCESS_REFUSED = 77;

    /** How long to wait for the broker to answer the connection and to confirm the request. */
    private static final int BROKER_TIMEOUT_MILLIS = 10_000;

    private static final String APP_ID = "camel-worker-console";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkerTopology TOPOLOGY = new WorkerProperties.Topology().toWorkerTopology();

    /** The console says what failed in one line of its own: the client's logged stack traces would only repeat it. */
    private static final DefaultExceptionHandler QUIET = new DefaultExceptionHandler() {
        @Override
        public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
            // the connection attempt fails, and is reported, by newConnection
        }
    };

    private final PrintStream out;
    private final PrintStream err;

    ManagerConsole(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ManagerConsole(System.out, System.err).run(args, System.getenv()));
    }

    /** Runs one submission and returns the exit status. */
    int run(String[] args, Map<String, String> environment) {
        ConsoleArguments arguments;
        try {
            arguments = ConsoleArguments.parse(args, environment);
        } catch (ConsoleArguments.UsageException e) {
            err.println(e.getMessage() + " (bin/submit-request --help for the options)");
            return USAGE;
        }
        if (arguments.help()) {
            out.print(ConsoleArguments.USAGE);
            return SUCCESS;
        }
        byte[] body;
        try {
            body = arguments.json() != null ? arguments.json().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(Path.of(arguments.bodyFile()));
        } catch (IOException e) {
            err.println("cannot read the --body file '" + arguments.bodyFile() + "' (" + e.getClass().getSimpleName()
                    + "): give an existing readable file, or the body inline with --json");
            return BODY_UNREADABLE;
        }
        try (Connection connection = connect(arguments)) {
            return submit(connection, arguments, body);
        } catch (BrokerFailure failure) {
            err.println(failure.getMessage());
            return failure.status;
        } catch (IOException | TimeoutException e) {
            err.println("the broker " + broker(arguments) + " failed while the request was under way (" + e + "): try again");
            return BROKER_UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    private int submit(Connection connection, ConsoleArguments arguments, byte[] body)
            throws IOException, TimeoutException, InterruptedException {
        String type = arguments.type();
        String requestQueue = TOPOLOGY.requestQueue(type);
        String requestExchange = TOPOLOGY.requestExchange(type);
        int consumers;
        try (Channel probe = connection.createChannel()) {
            consumers = probe.queueDeclarePassive(requestQueue).getConsumerCount();
            probe.exchangeDeclarePassive(requestExchange);
        } catch (IOException e) {
            // 404 from a passive declaration: it closed the probe channel, and declared nothing.
            throw new BrokerFailure(NO_WORKER, "no worker of type " + type + " has started on this broker (no queue "
                    + requestQueue + " in virtual host '" + arguments.vhost() + "'): start one with --worker.type=" + type
                    + ", or check --type and --vhost");
        }
        if (consumers == 0) {
            out.println("no worker of type " + type + " is consuming now: the request waits in " + requestQueue
                    + " until one starts");
        }
        Channel channel = connection.createChannel();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        listen(channel, TOPOLOGY.responseExchange(), received);
        listen(channel, TOPOLOGY.requestDlqExchange(), received);

        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(RegardsHeaders.TENANT, arguments.tenant());
        headers.put(RegardsHeaders.REQUEST_ID, requestId);
        headers.put(RegardsHeaders.REQUEST_OWNER, arguments.owner());
        headers.put(RegardsHeaders.REQUEST_SESSION, arguments.session());
        headers.put(RegardsHeaders.REQUEST_CONTENT_TYPE, arguments.contentType());
        headers.putAll(arguments.headers());
        channel.confirmSelect();
        channel.basicPublish(requestExchange, WorkerTopology.ROUTING_KEY_ALL, false,
                new AMQP.BasicProperties.Builder().contentType("application/json").priority(0).deliveryMode(2).appId(APP_ID)
                        .timestamp(new Date()).headers(headers).build(), body);
        if (!channel.waitForConfirms(BROKER_TIMEOUT_MILLIS)) {
            throw new BrokerFailure(BROKER_UNREACHABLE, "the broker " + broker(arguments) + " refused the request: try again");
        }
        out.printf("submitted request %s to %s (%d bytes)%n", requestId, requestExchange, body.length);
        return awaitAnswer(received, requestId, arguments);
    }

    private int awaitAnswer(BlockingQueue<Delivery> received, String requestId, ConsoleArguments arguments)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + arguments.timeout().toNanos();
        while (true) {
            Delivery delivery = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (delivery == null) {
                err.printf("no answer within %d s: check that a worker of type %s runs and sends heartbeats for tenant %s, "
                        + "or wait longer with --timeout%n", arguments.timeout().toSeconds(), arguments.type(), arguments.tenant());
                return NO_ANSWER;
            }
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            if (headers == null || !requestId.equals(String.valueOf(headers.get(RegardsHeaders.REQUEST_ID)))) {
                continue;
            }
            if (TOPOLOGY.requestDlqExchange().equals(delivery.getEnvelope().getExchange())) {
                out.println("DEAD-LETTERED: " + headers.get(RegardsHeaders.EXCEPTION_STACKTRACE));
                return FAILED;
            }
            String status = printResponse(delivery.getBody(), out);
            if (!"RUNNING".equals(status)) {
                return "SUCCESS".equals(status) ? SUCCESS : FAILED;
            }
        }
    }

    /**
     * Prints a response body as the manager reads it: the status and messages, the additional headers, and the content
     * decoded from base64; answers the status. Shared with {@code bin/run-route}.
     */
    static String printResponse(byte[] body, PrintStream out) throws IOException {
        JsonNode response = JSON.readTree(body);
        String status = response.path("status").asText();
        out.println(status + (response.has("messages") && !response.get("messages").isEmpty()
                ? " messages=" + response.get("messages") : ""));
        if (response.has("additionalHeaders")) {
            out.println("  additionalHeaders=" + response.get("additionalHeaders"));
        }
        if (response.hasNonNull("content")) {
            out.println("  content=" + new String(Base64.getDecoder().decode(response.get("content").asText()),
                    StandardCharsets.UTF_8));
        }
        return status;
    }

    /** An exclusive queue of the console on a manager exchange: it sees the answers without taking them from the manager. */
    private static void listen(Channel channel, String exchange, BlockingQueue<Delivery> received) throws IOException {
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> { });
    }

    private static Connection connect(ConsoleArguments arguments) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(arguments.host());
        factory.setPort(arguments.port());
        factory.setUsername(arguments.user());
        factory.setPassword(arguments.password());
        factory.setVirtualHost(arguments.vhost());
        factory.setConnectionTimeout(BROKER_TIMEOUT_MILLIS);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setExceptionHandler(QUIET);
        try {
            return factory.newConnection(APP_ID);
        } catch (IOException | TimeoutException e) {
            throw BrokerFailure.of(e, arguments);
        }
    }

    private static String broker(ConsoleArguments arguments) {
        return arguments.host() + ":" + arguments.port();
    }

    /** A broker failure, said in one line with the fix, and its exit status. */
    static final class BrokerFailure extends RuntimeException {

        private final int status;

        BrokerFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        /** What a failed connection means: the broker is not there, refuses the user, or has no such virtual host. */
        static BrokerFailure of(Exception failure, ConsoleArguments arguments) {
            String broker = broker(arguments);
            String reason = String.valueOf(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
            if (failure instanceof AuthenticationFailureException) {
                return new BrokerFailure(ACCESS_REFUSED, "the broker " + broker + " refused user '" + arguments.user()
                        + "' and its password: give the right ones with --user and --password (or SPRING_RABBITMQ_USERNAME"
                        + " and SPRING_RABBITMQ_PASSWORD); RabbitMQ's guest user may connect only from localhost");
            }
            if (reason.contains("NOT_ALLOWED") && reason.contains("not found")) {
                return new BrokerFailure(UNKNOWN_VHOST, "the broker " + broker + " has no virtual host '" + arguments.vhost()
                        + "': give the workers' one with --vhost (REGARDS uses regards.multitenant.manager)");
            }
            if (reason.contains("NOT_ALLOWED") || reason.contains("ACCESS_REFUSED")) {
                return new BrokerFailure(ACCESS_REFUSED, "the broker " + broker + " refused user '" + arguments.user()
                        + "' access to virtual host '" + arguments.vhost() + "': grant it (rabbitmqctl set_permissions) or "
                        + "give another --user");
            }
            return new BrokerFailure(BROKER_UNREACHABLE, "cannot reach the broker at " + broker + " (" + rootCause(failure)
                    + "): start RabbitMQ there, or give its address with --host and --port");
        }

        private static String rootCause(Throwable failure) {
            Throwable cause = Causes.root(failure);
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }
}
