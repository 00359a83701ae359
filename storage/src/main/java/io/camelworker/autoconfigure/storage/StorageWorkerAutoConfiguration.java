package io.camelworker.autoconfigure.storage;

import io.camelworker.autoconfigure.connectors.StorageConnectorsAutoConfiguration;
import io.camelworker.autoconfigure.ConditionalOnRouteScheme;
import io.camelworker.steps.storage.StorageComponent;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.sandbox.Sandbox;
import io.camelworker.storage.DestinationFactory;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.s3.S3Servers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Wires the storage steps: the {@code storage} component, on top of the storage connectors. */
@AutoConfiguration(after = StorageConnectorsAutoConfiguration.class)
@ConditionalOnRouteScheme("storage")
public class StorageWorkerAutoConfiguration {

    /** Every {@link DestinationFactory} bean, in bean order: a connector adds destinations by declaring a factory bean. */
    @Bean(StorageComponent.SCHEME)
    StorageComponent storageComponent(RequestBodyReader reader, AllowedRoots allowedRoots, S3Servers s3Servers,
                                      Sources sources, ObjectProvider<DestinationFactory> destinations,
                                      StorageProperties properties, Sandbox sandbox) {
        return new StorageComponent(reader, allowedRoots, s3Servers, sources, destinations.orderedStream().toList(),
                properties, sandbox);
    }
}
