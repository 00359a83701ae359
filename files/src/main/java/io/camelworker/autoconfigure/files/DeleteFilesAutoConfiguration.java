package io.camelworker.autoconfigure.files;

import io.camelworker.autoconfigure.connectors.StorageConnectorsAutoConfiguration;
import io.camelworker.autoconfigure.ConditionalOnRouteScheme;
import io.camelworker.steps.files.FilesComponent;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.FileDeleter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Wires the delete-files worker: the {@code files} component. */
@AutoConfiguration(after = StorageConnectorsAutoConfiguration.class)
@ConditionalOnRouteScheme("files")
public class DeleteFilesAutoConfiguration {

    /** Every {@link FileDeleter} bean, in bean order, handles the URLs it supports; the others must be file: URLs. */
    @Bean(FilesComponent.SCHEME)
    FilesComponent filesComponent(RequestBodyReader reader, AllowedRoots allowedRoots, ObjectProvider<FileDeleter> deleters) {
        return new FilesComponent(reader, allowedRoots, deleters.orderedStream().toList());
    }
}
