package io.camelworker.autoconfigure.connectors;

import org.apache.camel.CamelContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import io.camelworker.storage.camel.CamelEndpointDestinationFactory;
import io.camelworker.storage.camel.CamelEndpointSourceReader;
import io.camelworker.storage.camel.CamelEndpoints;
import io.camelworker.storage.camel.CamelEndpointsProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;
import java.util.Map;

/** Wires the Camel endpoint connectors when {@code worker.storage.endpoints} declares at least one endpoint. */
@AutoConfiguration(before = StorageConnectorsAutoConfiguration.class)
@Conditional(CamelEndpointStorageAutoConfiguration.EndpointsDeclared.class)
@EnableConfigurationProperties(CamelEndpointsProperties.class)
public class CamelEndpointStorageAutoConfiguration {

    @Bean(destroyMethod = "close")
    CamelEndpoints camelEndpoints(CamelEndpointsProperties properties, CamelContext context) {
        return new CamelEndpoints(properties, context);
    }

    /** Before the http reader: an https URL of a declared endpoint (an Azure container) is read through Camel. */
    @Bean
    @Order(50)
    CamelEndpointSourceReader camelEndpointSourceReader(CamelEndpoints endpoints) {
        return new CamelEndpointSourceReader(endpoints);
    }

    @Bean
    @Order(50)
    CamelEndpointDestinationFactory camelEndpointDestinationFactory(CamelEndpoints endpoints) {
        return new CamelEndpointDestinationFactory(endpoints);
    }

    /** Matches when {@code worker.storage.endpoints} has an entry. */
    static final class EndpointsDeclared implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("worker.storage.endpoints", Bindable.listOf(Map.class))
                    .map(List::size).orElse(0) > 0;
        }
    }
}
