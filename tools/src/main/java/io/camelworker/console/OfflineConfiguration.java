package io.camelworker.console;

import io.camelworker.runtime.WorkerRuntime;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.steps.metadata.MetadataProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the route author's commands put in place of the broker, over the worker's own beans: a publisher that records,
 * and a Feature Manager that answers in the process. With {@code worker.offline} nothing connects to RabbitMQ.
 *
 * <p>Not a {@code @Configuration}: the worker's component scan must never find it. {@link OfflineWorker} gives it to
 * Spring as a source of its own, whose {@code @Bean} methods Spring reads all the same.
 */
class OfflineConfiguration {

    @Bean
    @Primary
    RecordingPublisher recordingPublisher(CachingConnectionFactory connectionFactory, WorkerProperties properties) {
        return new RecordingPublisher(connectionFactory, properties);
    }

    @Bean
    @Primary
    StandInFeatureManager standInFeatureManager(CachingConnectionFactory connectionFactory, MetadataProperties properties,
                                                WorkerRuntime runtime, RecordingPublisher publisher) {
        StandInFeatureManager featureManager = new StandInFeatureManager(connectionFactory, properties, runtime.instanceId());
        publisher.observe(featureManager::answer);
        return featureManager;
    }
}
