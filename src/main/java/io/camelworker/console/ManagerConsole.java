package io.camelworker.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import io.camelworker.protocol.RegardsHeaders;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Worker Manager from a terminal: submits one request to a worker type, as the manager dispatches it, and
 * prints the responses until the final one. For route authors; see {@code bin/submit-request}.
 *
 * <p>Exit status: 0 SUCCESS, 1 INVALID_CONTENT, ERROR or dead-lettered, 2 no answer in time, 64 bad usage.
 */
public final class ManagerConsole {

    private static final String USAGE = """
            usage: bin/submit-request --type <workerType> (--body <file> | --json '<inline body>') [options]
              --tenant <t>          regards.tenant (default project1)
              --owner <o>           regards.request.owner (default console)
              --session <s>         regards.request.session (default console)
              --content-type <ct>   regards.request.content_type (default <workerType>-request)
              --header <k=v>        an extra request header, repeatable
              --timeout <seconds>   how long to wait for the answer (default 60)
              --host, --port, --user, --password, --vhost   the broker (default 127.0.0.1 5672 guest guest /)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagerConsole() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        Map<String, Object> extraHeaders = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            String value = args[++i];
            if (name.equals("header")) {
                int equals = value.indexOf('=');
                if (equals < 1) {
                    usage("--header expects key=value, got '" + value + "'");
                }
                extraHeaders.put(value.substring(0, equals), value.substring(equals + 1));
            } else {
                options.put(name, value);
            }
        }
        String type = options.get("type");
        if (type == null) {
            usage("--type is required");
        }
        byte[] body = options.containsKey("json") ? options.get("json").getBytes(StandardCharsets.UTF_8)
                : options.containsKey("body") ? Files.readAllBytes(Path.of(options.get("body"))) : null;
        if (body == null) {
            usage("--body <file> or --json '<body>' is required");
        }
        System.exit(submit(options, type, body, extraHeaders));
    }

    private static int submit(Map<String, String> options, String type, byte[] body, Map<String, Object> extraHeaders)
            throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(options.getOrDefault("host", "127.0.0.1"));
        factory.setPort(Integer.parseInt(options.getOrDefault("port", "5672")));
        factory.setUsername(options.getOrDefault("user", "guest"));
        factory.setPassword(options.getOrDefault("password", "guest"));
        factory.setVirtualHost(options.getOrDefault("vhost", "/"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "60")));
        String requestId = UUID.randomUUID().toString();
        try (Connection connection = factory.newConnection("camel-worker-console"); Channel channel = connection.createChannel()) {
            String requestExchange = "regards.worker." + type.toLowerCase(Locale.ROOT) + ".request";
            declareLikeTheManager(channel, requestExchange);
            BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
            listen(channel, "regards.worker.manager.response", BuiltinExchangeType.TOPIC, received);
            listen(channel, "regards.worker.manager.request.dlq", BuiltinExchangeType.FANOUT, received);

            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(RegardsHeaders.TENANT, options.getOrDefault("tenant", "project1"));
            headers.put(RegardsHeaders.REQUEST_ID, requestId);
            headers.put(RegardsHeaders.REQUEST_OWNER, options.getOrDefault("owner", "console"));
            headers.put(RegardsHeaders.REQUEST_SESSION, options.getOrDefault("session", "console"));
            headers.put(RegardsHeaders.REQUEST_CONTENT_TYPE, options.getOrDefault("content-type", type + "-request"));
            headers.putAll(extraHeaders);
            channel.basicPublish(requestExchange, "#", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .priority(0).deliveryMode(2).appId("camel-worker-console").timestamp(new Date()).headers(headers).build(), body);
            System.out.printf("submitted request %s to %s (%d bytes)%n", requestId, requestExchange, body.length);
            return awaitAnswer(received, requestId, timeout);
        }
    }

    private static int awaitAnswer(BlockingQueue<Delivery> received, String requestId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Delivery delivery = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (delivery == null) {
                System.out.printf("no answer within %d s: is a worker of this type running?%n", timeout.toSeconds());
                return 2;
            }
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            if (headers == null || !requestId.equals(String.valueOf(headers.get(RegardsHeaders.REQUEST_ID)))) {
                continue;
            }
            if ("regards.worker.manager.request.dlq".equals(delivery.getEnvelope().getExchange())) {
                System.out.println("DEAD-LETTERED: " + headers.get(RegardsHeaders.EXCEPTION_STACKTRACE));
                return 1;
            }
            JsonNode response = JSON.readTree(delivery.getBody());
            String status = response.path("status").asText();
            System.out.println(status + (response.has("messages") && !response.get("messages").isEmpty()
                    ? " messages=" + response.get("messages") : ""));
            if (response.has("additionalHeaders")) {
                System.out.println("  additionalHeaders=" + response.get("additionalHeaders"));
            }
            if (response.hasNonNull("content")) {
                System.out.println("  content=" + new String(Base64.getDecoder().decode(response.get("content").asText()),
                        StandardCharsets.UTF_8));
            }
            if (!"RUNNING".equals(status)) {
                return "SUCCESS".equals(status) ? 0 : 1;
            }
        }
    }

    /** The request exchange and queue with the manager's exact properties, so that the real manager can declare them too. */
    private static void declareLikeTheManager(Channel channel, String name) throws Exception {
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, false, false, null);
        Map<String, Object> arguments = Map.of("x-max-priority", 255, "x-dead-letter-exchange", "regards.DLX",
                "x-dead-letter-routing-key", "regards.worker.manager.request.dlq");
        channel.queueDeclare(name, true, false, false, arguments);
        channel.queueBind(name, name, "#");
    }

    /** An exclusive queue of the console on a manager exchange: it sees the answers without taking them from the manager. */
    private static void listen(Channel channel, String exchange, BuiltinExchangeType type, BlockingQueue<Delivery> received)
            throws Exception {
        channel.exchangeDeclare(exchange, type, true, false, false, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> { });
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.print(USAGE);
        System.exit(64);
    }
}
