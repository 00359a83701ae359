package io.camelworker.autoconfigure.connectors;

import io.camelworker.autoconfigure.WorkerRuntimeAutoConfiguration;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.SourceReader;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.retry.StopSignal;
import io.camelworker.storage.http.HttpSourceReader;
import io.camelworker.storage.local.LocalDestinationFactory;
import io.camelworker.storage.s3.S3DestinationFactory;
import io.camelworker.storage.s3.S3FileDeleter;
import io.camelworker.storage.s3.S3Servers;
import io.camelworker.storage.s3.S3SourceReader;
import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import java.util.List;

/**
 * Wires the storage connectors, which every worker reads and writes through: the allowed roots, source readers (S3,
 * HTTP, local files), destination factories (S3, local) and the S3 deleter. S3 clients are created on first use, so a
 * worker that never reaches S3 holds none. The steps are wired above them, per worker
 * ({@link StorageWorkerAutoConfiguration}, {@link ArchiveAutoConfiguration}, {@link MetadataAutoConfiguration},
 * {@link DeleteFilesAutoConfiguration}).
 */
@AutoConfiguration(after = WorkerRuntimeAutoConfiguration.class)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConnectorsAutoConfiguration {

    @Bean(destroyMethod = "close")
    S3Servers s3Servers(StorageProperties properties) {
        return new S3Servers(properties);
    }

    /** Before the http reader: an http URL of a configured S3 server is read with the S3 client. */
    @Bean
    @Order(100)
    S3SourceReader s3SourceReader(S3Servers servers) {
        return new S3SourceReader(servers);
    }

    @Bean
    @Order(200)
    HttpSourceReader httpSourceReader(StorageProperties properties, StopSignal applicationStopping) {
        return new HttpSourceReader(properties, applicationStopping);
    }

    @Bean
    S3FileDeleter s3FileDeleter(S3Servers servers) {
        return new S3FileDeleter(servers);
    }

    /**
     * Before the local factory: an http(s) directory of a configured S3 server is a bucket's. The parts of multipart
     * uploads go on Camel's threads, shared by the uploads under way and shut down with the Camel context.
     */
    @Bean
    @Order(100)
    S3DestinationFactory s3DestinationFactory(S3Servers servers, StorageProperties properties, CamelContext camel) {
        return new S3DestinationFactory(servers, properties,
                camel.getExecutorServiceManager().newCachedThreadPool(S3DestinationFactory.class, "S3PartUpload"));
    }

    /** Local directories under worker.files.allowed-roots, and the small-file cache (the operator's directory). */
    @Bean
    @Order(200)
    LocalDestinationFactory localDestinationFactory(AllowedRoots allowedRoots, StorageProperties properties) {
        return new LocalDestinationFactory(allowedRoots, properties.getSmallFileCache() == null ? List.of()
                : List.of(properties.getSmallFileCache()), properties.isSyncOnStore());
    }

    @Bean
    AllowedRoots allowedRoots(WorkerProperties properties) {
        return new AllowedRoots(properties.getFiles().getAllowedRoots());
    }

    @Bean
    FileSourceReader fileSourceReader(AllowedRoots allowedRoots) {
        return new FileSourceReader(allowedRoots);
    }

    /** Every {@link SourceReader} bean, in bean order: a connector adds a reader by declaring it as a bean. */
    @Bean
    Sources sources(List<SourceReader> readers, StorageProperties storage) {
        return new Sources(readers, storage.getMaxFileSize());
    }
}
