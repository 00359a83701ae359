package io.camelworker.protocol;

import java.util.Locale;
import java.util.Map;

/**
 * Names and arguments of the broker objects the Worker Manager declares (protocol spec §1).
 *
 * <p>The request queue arguments must be exactly the manager's: any difference makes its own declaration fail with
 * 406 PRECONDITION_FAILED, and dispatch to the worker type stops.
 *
 * @param requestExchangeTemplate   {@code String.format} template of the request exchange, given the lower-cased worker type
 * @param requestQueueTemplate      {@code String.format} template of the request queue, given the lower-cased worker type
 * @param responseExchange          topic exchange of worker responses
 * @param heartbeatExchange         topic exchange of heartbeats
 * @param requestDlqExchange        fanout exchange of failed requests, read by the manager
 * @param requestDlqQueue           queue the manager consumes failed requests from
 * @param deadLetterExchange        {@code x-dead-letter-exchange} of the request queue
 * @param deadLetterRoutingKey      {@code x-dead-letter-routing-key} of the request queue
 * @param requestEventExchange      fanout exchange where clients (and workers) submit new requests to the manager
 * @param maxPriority               {@code x-max-priority} of every REGARDS queue
 */
public record WorkerTopology(String requestExchangeTemplate, String requestQueueTemplate, String responseExchange,
                             String heartbeatExchange, String requestDlqExchange, String requestDlqQueue,
                             String deadLetterExchange, String deadLetterRoutingKey, String requestEventExchange,
                             int maxPriority) {

    /** Routing key the manager binds request queues with and publishes requests with. */
    public static final String ROUTING_KEY_ALL = "#";

    public String requestExchange(String workerType) {
        return String.format(requestExchangeTemplate, workerType.toLowerCase(Locale.ROOT));
    }

    public String requestQueue(String workerType) {
        return String.format(requestQueueTemplate, workerType.toLowerCase(Locale.ROOT));
    }

    /** Arguments of a request queue, as the manager declares them ({@code x-max-priority} is a 32-bit int). */
    public Map<String, Object> requestQueueArguments() {
        return Map.of("x-max-priority", maxPriority,
                "x-dead-letter-exchange", deadLetterExchange,
                "x-dead-letter-routing-key", deadLetterRoutingKey);
    }

    /** Arguments of the manager's request DLQ: priority only, no dead-letter exchange of its own. */
    public Map<String, Object> requestDlqArguments() {
        return Map.of("x-max-priority", maxPriority);
    }
}
