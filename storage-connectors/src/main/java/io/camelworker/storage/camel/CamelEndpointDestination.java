package io.camelworker.storage.camel;

import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * A file stored through a declared Camel endpoint. The content streams to a producer of the endpoint running on a
 * Camel executor thread ({@link ProducerUpload}); the component completes the file only after {@link Upload#commit()}
 * (see {@link ComponentDialect} for how each component keeps an incomplete file from showing).
 *
 * <p>{@link #holds}: with MD5 and a storage that keeps an MD5 with the file (Azure's Content-MD5), that digest is
 * compared without reading the file; otherwise the file is read back through the endpoint and digested.
 */
final class CamelEndpointDestination implements Destination {

    private final DeclaredEndpoint endpoint;
    private final String directory;
    private final String filename;
    private final ExecutorService uploads;

    /**
     * @param directory the component path of the directory: {@code ""} or ending with '/'
     * @param filename  a single, checked path segment
     */
    CamelEndpointDestination(DeclaredEndpoint endpoint, String directory, String filename, ExecutorService uploads) {
        this.endpoint = endpoint;
        this.directory = directory;
        this.filename = filename;
        this.uploads = uploads;
    }

    private String path() {
        return directory + filename;
    }

    @Override
    public String storedFileUrl() {
        return endpoint.urlOf(path());
    }

    @Override
    public String parentUrl() {
        return endpoint.urlOf(directory);
    }

    @Override
    public String parentPath() {
        return endpoint.urlPathOf(directory);
    }

    @Override
    public long existingSize() throws IOException {
        try (StoredFile stored = endpoint.open(path())) {
            if (stored == null) {
                return -1;
            }
            return stored.size() >= 0 ? stored.size() : stored.stream().transferTo(OutputStream.nullOutputStream());
        }
    }

    @Override
    public boolean holds(String checksum, String algorithm, long expectedSize) throws IOException {
        try (StoredFile stored = endpoint.open(path())) {
            if (stored == null || (expectedSize >= 0 && stored.size() >= 0 && stored.size() != expectedSize)) {
                return false;
            }
            if ("MD5".equalsIgnoreCase(algorithm) && stored.contentMd5() != null) {
                return HexFormat.of().formatHex(stored.contentMd5()).equalsIgnoreCase(checksum);
            }
            return checksum.equalsIgnoreCase(FileTransfer.checksumOf(stored.stream(), algorithm));
        }
    }

    @Override
    public InputStream openStored() throws IOException {
        StoredFile stored = endpoint.open(path());
        if (stored == null) {
            throw new IOException(endpoint.failure("reading " + path(), new IOException("it does not exist")));
        }
        return stored.stream();
    }

    @Override
    public Upload begin(long size, String checksum, String algorithm) throws IOException {
        // Unique to this attempt: two deliveries of one request may run at once on two replicas. No request text: the
        // producer's tempFileName expression reads it.
        String temporaryName = UUID.randomUUID() + ".part";
        ComponentDialect dialect = endpoint.dialect();
        String temporaryPath = dialect.temporaryPath(path(), temporaryName);
        String shown = "endpoint '" + endpoint.name() + "' file " + path();
        // Without a temporary file there is nothing to remove once the producer stops: an abort does not wait for it
        // (the Azure SDK retries a failed Put Blob with backoff before it gives up).
        long abortWait = temporaryPath == null ? 0 : endpoint.readTimeout().toMillis();
        ProducerUpload upload = new ProducerUpload(shown, size, abortWait,
                () -> {
                    if (temporaryPath != null) {
                        endpoint.remove(temporaryPath);
                    }
                });
        Endpoint target = endpoint.producerEndpoint();
        Exchange exchange = target.createExchange();
        dialect.prepareWrite(exchange.getIn(), path(), temporaryName, size, checksum, algorithm);
        exchange.getIn().setBody(upload.content());
        upload.producing(uploads.submit(() -> {
            Producer producer = target.createProducer();
            ServiceHelper.startService(producer);
            try {
                producer.process(exchange);
            } finally {
                ServiceHelper.stopAndShutdownService(producer);
            }
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            return null;
        }));
        return upload;
    }
}
