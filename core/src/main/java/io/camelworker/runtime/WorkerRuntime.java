package io.camelworker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.transport.RequestActivity;
import io.camelworker.tracing.RequestTracing;
import io.camelworker.transport.TopologyDeclarer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * What the worker components need from the application: the broker, the publisher, the settings.
 *
 * @param connectionFactory the broker connection the consumers use
 * @param publisher         confirmed publications to the manager
 * @param declarer          the manager's topology
 * @param properties        {@code worker.*} settings
 * @param instanceId        id of this process in heartbeats
 * @param meterRegistry     where request metrics go
 * @param objectMapper      serialises route bodies that are objects into JSON content
 * @param activity          the requests under way, for health and metrics
 * @param tracing           the span of each request, {@link RequestTracing#OFF} unless {@code worker.tracing.enabled}
 */
public record WorkerRuntime(ConnectionFactory connectionFactory, ManagerPublisher publisher, TopologyDeclarer declarer,
                            WorkerProperties properties, String instanceId, MeterRegistry meterRegistry,
                            ObjectMapper objectMapper, RequestActivity activity, RequestTracing tracing) {

    public WorkerRuntime {
        tracing = tracing == null ? RequestTracing.OFF : tracing;
    }

    /** Without tracing. */
    public WorkerRuntime(ConnectionFactory connectionFactory, ManagerPublisher publisher, TopologyDeclarer declarer,
                         WorkerProperties properties, String instanceId, MeterRegistry meterRegistry,
                         ObjectMapper objectMapper, RequestActivity activity) {
        this(connectionFactory, publisher, declarer, properties, instanceId, meterRegistry, objectMapper, activity,
                RequestTracing.OFF);
    }
}
