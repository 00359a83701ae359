package io.camelworker.autoconfigure.metadata;

import io.camelworker.autoconfigure.connectors.StorageConnectorsAutoConfiguration;
import io.camelworker.autoconfigure.ConditionalOnRouteScheme;
import io.camelworker.steps.metadata.FeatureManagerAnswers;
import io.camelworker.steps.metadata.FeatureUpdatePublisher;
import io.camelworker.steps.metadata.MetadataComponent;
import io.camelworker.steps.metadata.MetadataProperties;
import io.camelworker.steps.metadata.ProductFiles;
import io.camelworker.runtime.WorkerRuntime;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.sandbox.Sandbox;
import io.camelworker.storage.Sources;
import io.camelworker.transport.ManagerPublisher;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Wires the metadata worker: the {@code metadata} component and its services. */
@AutoConfiguration(after = StorageConnectorsAutoConfiguration.class)
@ConditionalOnRouteScheme("metadata")
@EnableConfigurationProperties(MetadataProperties.class)
public class MetadataAutoConfiguration {

    @Bean
    ProductFiles productFiles(Sources sources, AllowedRoots allowedRoots, MetadataProperties properties) {
        return new ProductFiles(sources, allowedRoots, properties);
    }

    @Bean
    FeatureUpdatePublisher featureUpdatePublisher(ManagerPublisher publisher, CachingConnectionFactory connectionFactory,
                                                  MetadataProperties properties) {
        // Its own admin, not a bean: a RabbitAdmin bean would take over the application's declarations.
        return new FeatureUpdatePublisher(publisher::publishConfirmed, new RabbitAdmin(connectionFactory), properties);
    }

    @Bean
    FeatureManagerAnswers featureManagerAnswers(CachingConnectionFactory connectionFactory, MetadataProperties properties,
                                                WorkerRuntime runtime) {
        return new FeatureManagerAnswers(connectionFactory, properties, runtime.instanceId());
    }

    @Bean(MetadataComponent.SCHEME)
    MetadataComponent metadataComponent(RequestBodyReader reader, ProductFiles files, FeatureUpdatePublisher publisher,
                                        FeatureManagerAnswers answers, MetadataProperties properties,
                                        Sandbox sandbox) {
        return new MetadataComponent(reader, files, publisher, answers, properties, sandbox);
    }
}
