package io.camelworker.runtime;

import com.rabbitmq.client.Channel;
import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.OutcomeMapping;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.TraceContext;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.transport.RequestBudget;
import io.camelworker.transport.RequestProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.springframework.amqp.core.Message;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Camel side of a worker type's consumer: turns each request into an exchange and runs the route on it; the
 * consumption itself (queue, listener, heartbeat, route threads) is what {@link RequestConsumerFactory} assembled, and
 * this consumer starts and stops it.
 */
public class WorkerConsumer extends DefaultConsumer implements RequestProcessor {

    private final String workerType;
    private final WorkerRuntime runtime;
    private RequestConsumer requests;

    WorkerConsumer(WorkerEndpoint endpoint, Processor processor, WorkerRuntime runtime) {
        super(endpoint, processor);
        this.workerType = endpoint.getWorkerType();
        this.runtime = runtime;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        requests = runtime.consumers().create(workerType, this, getEndpoint().getCamelContext().getExecutorServiceManager());
        requests.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (requests != null) {
            requests.stop();
        }
        super.doStop();
    }

    /**
     * Hands one request to this consumer's listener as if the broker had delivered it on {@code channel}: the same
     * checks, retries, outcome mapping and answer as a request from the queue. For {@code worker.offline} runs
     * ({@code bin/run-route}), whose publisher and channel stand in for the broker.
     */
    public void deliver(Message message, Channel channel) throws IOException {
        if (requests == null) {
            throw new IllegalStateException("worker type '" + workerType + "' has not started");
        }
        requests.deliver(message, channel);
    }

    /**
     * Runs the route once for the request, on the calling thread, within the time the request has left; a body larger than
     * {@code worker.max-request-size} is refused before any step reads it.
     */
    @Override
    public Outcome process(RequestContext request, Message message, RequestBudget budget) {
        long maxSize = runtime.properties().getMaxRequestSize().toBytes();
        if (message.getBody().length > maxSize) {
            return new Outcome.Answer(WorkerResponse.invalidContent("request body of " + message.getBody().length
                    + " bytes is larger than worker.max-request-size=" + maxSize + " bytes"));
        }
        Exchange exchange = createExchange(false);
        // Tracing on: the route runs in the worker's span (Camel's route span becomes its child), not the requester's.
        TraceContext trace = runtime.tracing().isOn() ? request.trace() : null;
        try {
            return requests.routes().run(exchange, budget, () -> {
                try {
                    return runRoute(exchange, message, trace);
                } catch (Exception e) {
                    return OutcomeMapping.ofException(e);
                }
            });
        } finally {
            // Released once the runner has let go of it: the watchdog can no longer fail it, so a pooled exchange
            // (camel.main.exchange-factory=pooled) goes back to the pool clean.
            releaseExchange(exchange, false);
        }
    }

    private Outcome runRoute(Exchange exchange, Message message, TraceContext trace) throws Exception {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(message.getBody());
        message.getMessageProperties().getHeaders().forEach(in::setHeader);
        if (trace != null) {
            in.removeHeader(TraceContext.TRACEPARENT);
            in.removeHeader(TraceContext.TRACESTATE);
            trace.addTo(in.getHeaders());
        }
        in.setHeader(WorkerHeaders.WORKER_TYPE, workerType);
        getProcessor().process(exchange);
        if (exchange.getException() != null) {
            return OutcomeMapping.ofException(exchange.getException());
        }
        if (exchange.isRollbackOnly()) {
            return new Outcome.Failure(new IllegalStateException("the route marked the request for rollback"));
        }
        return new Outcome.Answer(WorkerResponse.success(BodyBytes.of(exchange, runtime.objectMapper()),
                additionalHeaders(exchange)));
    }

    /** Collects the {@code WorkerAdditionalHeader.*} headers a step set. */
    private static Map<String, String> additionalHeaders(Exchange exchange) {
        Map<String, String> additional = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (name.startsWith(WorkerHeaders.ADDITIONAL_HEADER_PREFIX) && value != null) {
                String key = name.substring(WorkerHeaders.ADDITIONAL_HEADER_PREFIX.length());
                if (key.isEmpty() || key.startsWith("regards.")) {
                    throw new ProcessingErrorException("additional header '" + key + "' is not allowed: it must be non-empty "
                            + "and regards.* headers belong to the manager");
                }
                additional.put(key, value.toString());
            }
        });
        return additional;
    }
}
