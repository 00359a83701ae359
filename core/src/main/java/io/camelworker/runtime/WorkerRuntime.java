package io.camelworker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.tracing.RequestTracing;

/**
 * What the worker components need from the application: the consumers' factory, the publisher, the settings.
 *
 * @param consumers    assembles the consumer of each {@code regards-worker:} endpoint
 * @param publisher    confirmed publications to the manager
 * @param properties   {@code worker.*} settings
 * @param objectMapper serialises route bodies that are objects into JSON content
 * @param tracing      the span of each request, {@link RequestTracing#OFF} unless {@code worker.tracing.enabled}
 */
public record WorkerRuntime(RequestConsumerFactory consumers, ManagerPublisher publisher, WorkerProperties properties,
                            ObjectMapper objectMapper, RequestTracing tracing) {

    public WorkerRuntime {
        tracing = tracing == null ? RequestTracing.OFF : tracing;
    }

    /** Id of this process in heartbeats. */
    public String instanceId() {
        return consumers.instanceId();
    }
}
