package io.camelworker.bench.raw;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REGARDS Worker Manager's broker topology (regards-worker-protocol.md §1), declared exactly as the manager declares
 * it, so that the worker, the load generator and the manager may declare in any order without a 406.
 */
final class Regards {

    static final String RESPONSE_EXCHANGE = "regards.worker.manager.response";
    static final String HEARTBEAT_EXCHANGE = "regards.worker.manager.heartbeat";
    static final String REQUEST_DLQ = "regards.worker.manager.request.dlq";
    static final String DLX = "regards.DLX";
    /** The request headers a response carries back (tenant and request id are required, the others are kept). */
    static final List<String> CORRELATION = List.of("regards.tenant", "regards.request.id", "regards.request.owner",
            "regards.request.session", "regards.request.content_type");

    private Regards() {
    }

    static String requestQueue(String workerType) {
        return "regards.worker." + workerType.toLowerCase(Locale.ROOT) + ".request";
    }

    /** The request exchange, queue (three arguments) and '#' binding of a type, and the manager's exchanges. */
    static void declare(Channel channel, String workerType) throws IOException {
        String name = requestQueue(workerType);
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, false, false, null);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-max-priority", 255);
        arguments.put("x-dead-letter-exchange", DLX);
        arguments.put("x-dead-letter-routing-key", REQUEST_DLQ);
        channel.queueDeclare(name, true, false, false, arguments);
        channel.queueBind(name, name, "#");
        channel.exchangeDeclare(RESPONSE_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        channel.exchangeDeclare(HEARTBEAT_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
    }

    /** A connection factory for the broker named by the system properties or environment (127.0.0.1:5672 guest/guest, vhost /). */
    static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(setting("rabbit.host", "RABBIT_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(setting("rabbit.port", "RABBIT_PORT", "5672")));
        factory.setUsername(setting("rabbit.user", "RABBIT_USER", "guest"));
        factory.setPassword(setting("rabbit.password", "RABBIT_PASSWORD", "guest"));
        factory.setVirtualHost(setting("rabbit.vhost", "RABBIT_VHOST", "/"));
        return factory;
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value;
    }
}
