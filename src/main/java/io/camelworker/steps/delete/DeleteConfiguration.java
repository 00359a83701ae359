package io.camelworker.steps.delete;

import io.camelworker.files.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.FileDeleter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the delete-files worker: the {@code files} component. */
@Configuration(proxyBeanMethods = false)
public class DeleteConfiguration {

    /** Every {@link FileDeleter} bean, in bean order, handles the URLs it supports; the others must be file: URLs. */
    @Bean(FilesComponent.SCHEME)
    FilesComponent filesComponent(RequestBodyReader reader, AllowedRoots allowedRoots, ObjectProvider<FileDeleter> deleters) {
        return new FilesComponent(reader, allowedRoots, deleters.orderedStream().toList());
    }
}
