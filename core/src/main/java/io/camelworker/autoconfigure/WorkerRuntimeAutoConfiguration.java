package io.camelworker.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.camelworker.runtime.NewRequestComponent;
import io.camelworker.runtime.RequestConsumerFactory;
import io.camelworker.runtime.WorkerComponent;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.runtime.WorkerRuntime;
import io.camelworker.config.HeapBudget;
import io.camelworker.config.StuckRequestsHealthIndicator;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.tracing.RequestTracing;
import io.camelworker.tracing.TracingConfiguration;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.transport.RequestActivity;
import io.camelworker.transport.TopologyDeclarer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.amqp.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Wires the worker runtime: publisher, topology, the Camel components, the reusable steps and tracing (imported here, so
 * that an application that does not scan {@code io.camelworker} has it too).
 */
@AutoConfiguration
@Import(TracingConfiguration.class)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerRuntimeAutoConfiguration {

    /** Time Camel gives, after {@code worker.shutdown-timeout}, to close the channels of the consumers. */
    private static final long SHUTDOWN_MARGIN_MILLIS = 5_000;

    /** Delivery threads and cached channels for the consumers, set on Boot's connection factory before its first use. */
    @Bean
    static WorkerConnectionFactorySetup workerConnectionFactorySetup(ObjectProvider<WorkerProperties> properties) {
        return new WorkerConnectionFactorySetup(properties);
    }

    @Bean
    ManagerPublisher managerPublisher(CachingConnectionFactory connectionFactory, WorkerProperties properties) {
        if (!connectionFactory.isPublisherConfirms()
                || !connectionFactory.isPublisherReturns()) {
            throw new IllegalStateException("spring.rabbitmq.publisher-confirm-type must be 'correlated' and "
                    + "spring.rabbitmq.publisher-returns 'true': a request is acknowledged only once its response is confirmed");
        }
        return new ManagerPublisher(connectionFactory, properties.getTopology().toWorkerTopology(),
                properties.getConfirmTimeout(), new RetryPolicy(properties.getRetry()), properties.getConcurrency() + 1);
    }

    /**
     * Raised when the application begins to close, before Camel stops the routes (its lifecycle stops after the
     * {@link ContextClosedEvent}): the retry pauses of connectors, which see no consumer's signal, end then.
     */
    @Bean
    StopSignal applicationStopping() {
        return new StopSignal();
    }

    @Bean
    ApplicationListener<ContextClosedEvent> raiseApplicationStopping(StopSignal applicationStopping) {
        return closed -> applicationStopping.raise();
    }

    @Bean
    TopologyDeclarer topologyDeclarer(CachingConnectionFactory connectionFactory, WorkerProperties properties) {
        return new TopologyDeclarer(connectionFactory, properties.getTopology().toWorkerTopology());
    }

    /**
     * The AMQP client drops the connection on a body above its inbound limit, and the broker then redelivers the
     * message for ever: the limit is raised to what the broker may deliver, so that every request can be received and
     * answered (a body above {@code worker.max-request-size} is answered INVALID_CONTENT).
     */
    @Bean
    ConnectionFactoryCustomizer inboundBodyLimit(WorkerProperties properties) {
        return factory -> factory.setMaxInboundMessageBodySize(properties.inboundBodyLimit());
    }

    /**
     * Refuses to start with a heap that cannot hold the bodies the broker may deliver at once (rule in
     * {@link HeapBudget}): such a worker would live until the first big message, then die of it, and so would every
     * replica the broker gives it to next. Offline (the route author's commands) nothing is received.
     */
    @Bean
    HeapBudget heapBudget(WorkerProperties properties) {
        HeapBudget budget = new HeapBudget(properties.getBrokerMaxMessageSize(), properties.getConcurrency(),
                properties.getPrefetch());
        if (!properties.isOffline()) {
            budget.check(Runtime.getRuntime().maxMemory(), maxHeapSetting());
        }
        return budget;
    }

    /** The JVM's MaxHeapSize, which -Xmx or -XX:MaxRAMPercentage set, as the operator wrote it. */
    private static String maxHeapSetting() {
        try {
            String bytes = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("MaxHeapSize").getValue();
            return "-Xmx" + (Long.parseLong(bytes) >> 20) + "m";
        } catch (RuntimeException notHotSpot) {
            return "-Xmx";
        }
    }

    @Bean
    RequestActivity requestActivity() {
        return new RequestActivity();
    }

    /** Part of readiness: a replica whose consumers are all stuck reports DOWN. */
    @Bean
    StuckRequestsHealthIndicator stuckRequestsHealthIndicator(RequestActivity activity) {
        return new StuckRequestsHealthIndicator(activity);
    }

    /** The composition root of each {@code regards-worker:} consumer: its listener, container, heartbeat and metrics. */
    @Bean
    RequestConsumerFactory requestConsumerFactory(CachingConnectionFactory connectionFactory, ManagerPublisher publisher,
                                                  TopologyDeclarer declarer, WorkerProperties properties,
                                                  MeterRegistry meterRegistry, RequestActivity activity,
                                                  ObjectProvider<RequestTracing> tracing) {
        return new RequestConsumerFactory(connectionFactory, publisher, declarer, properties, instanceId(properties),
                meterRegistry, activity, tracing.getIfAvailable(() -> RequestTracing.OFF));
    }

    @Bean
    WorkerRuntime workerRuntime(RequestConsumerFactory consumers, ManagerPublisher publisher, WorkerProperties properties,
                                ObjectMapper objectMapper, ObjectProvider<RequestTracing> tracing) {
        return new WorkerRuntime(consumers, publisher, properties, objectMapper, tracing.getIfAvailable(() -> RequestTracing.OFF));
    }

    @Bean(WorkerComponent.SCHEME)
    WorkerComponent workerComponent(WorkerRuntime runtime) {
        return new WorkerComponent(runtime);
    }

    @Bean(NewRequestComponent.SCHEME)
    NewRequestComponent newRequestComponent(WorkerRuntime runtime) {
        return new NewRequestComponent(runtime);
    }

    /**
     * Applies to every route: the framework logs each outcome itself, Camel's error log of each failed exchange would
     * repeat it (at DEBUG it is still there).
     */
    @Bean
    RouteConfigurationBuilder workerRouteConfiguration() {
        return new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration().errorHandler(defaultErrorHandler().logExhausted(false).loggingLevel(LoggingLevel.DEBUG));
            }
        };
    }

    /**
     * Camel waits for the exchanges under way when it stops; its bound follows {@code worker.shutdown-timeout}, plus a
     * margin for closing the channels, so that one setting governs a graceful shutdown.
     */
    @Bean
    CamelContextConfiguration shutdownFollowsWorkerTimeout(WorkerProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
                camelContext.getShutdownStrategy().setTimeout(properties.getShutdownTimeout().toMillis() + SHUTDOWN_MARGIN_MILLIS);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do once started
            }
        };
    }

    @Bean
    RequestBodyReader requestBodyReader(Validator validator) {
        return new RequestBodyReader(validator);
    }

    private static String instanceId(WorkerProperties properties) {
        if (properties.getInstanceId() != null && !properties.getInstanceId().isBlank()) {
            return properties.getInstanceId();
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "worker");
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
