package io.camelworker.storage;

import io.camelworker.files.AllowedRoots;
import io.camelworker.retry.StopSignal;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.steps.storage.FileChecksumStep;
import io.camelworker.steps.storage.ImageSizeStep;
import io.camelworker.steps.storage.StoreRequestStep;
import io.camelworker.steps.storage.StoreResponseStep;
import io.camelworker.steps.storage.TransferFileStep;
import io.camelworker.storage.http.HttpSourceReader;
import io.camelworker.storage.s3.S3FileDeleter;
import io.camelworker.storage.s3.S3Servers;
import io.camelworker.storage.s3.S3SourceReader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Wires the storage connectors (S3 and HTTP source readers, S3 deleter) and the storage steps. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

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

    @Bean
    FileTransfer fileTransfer(Sources sources, StorageProperties properties) {
        return new FileTransfer(sources, (int) properties.getBufferSize().toBytes());
    }

    @Bean
    StoreRequestStep storeRequest(RequestBodyReader reader, AllowedRoots allowedRoots, Sources sources,
                                  StorageProperties properties, S3Servers s3Servers) {
        return new StoreRequestStep(reader, allowedRoots, sources, properties, s3Servers);
    }

    @Bean
    TransferFileStep transferFile(FileTransfer transfer) {
        return new TransferFileStep(transfer);
    }

    @Bean
    FileChecksumStep fileChecksum(FileTransfer transfer) {
        return new FileChecksumStep(transfer);
    }

    @Bean
    ImageSizeStep imageSize(Sources sources) {
        return new ImageSizeStep(sources);
    }

    @Bean
    StoreResponseStep storeResponse() {
        return new StoreResponseStep();
    }
}
