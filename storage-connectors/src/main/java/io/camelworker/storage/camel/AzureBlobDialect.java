package io.camelworker.storage.camel;

import io.camelworker.outcome.Causes;
import io.camelworker.outcome.ProcessingErrorException;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HexFormat;

/**
 * camel-azure-storage-blob. A write is one Put Blob ({@code uploadBlockBlob} with the size given beforehand): Azure
 * commits it only when its last byte has arrived, so an aborted write leaves nothing under the final name and no
 * temporary blob to remove. With MD5, the expected digest goes along as Content-MD5: the service verifies it too, and
 * keeps it with the blob, where {@link CamelEndpointDestination#holds} finds it without reading the blob back. A blob
 * is read with {@code getBlob}, streamed. The component's headers are named by their text, so that the worker compiles
 * without the component.
 *
 * <p>A blob's name reaches the component as data only: the {@value #BLOB_NAME} header, which the component reads as a
 * plain string ({@code BlobConfigurationOptionsProxy#getBlobName}: {@code getHeader(name, String.class)}, no
 * expression, no placeholder) and hands to the SDK's {@code getBlobClient(name)}, which encodes it into the URL.
 */
final class AzureBlobDialect extends ComponentDialect {

    static final String OPERATION = "CamelAzureStorageBlobOperation";
    static final String BLOB_NAME = "CamelAzureStorageBlobBlobName";
    static final String UPLOAD_SIZE = "CamelAzureStorageBlobBlobUploadSize";
    static final String CONTENT_MD5 = "CamelAzureStorageBlobContentMD5";
    static final String BLOB_SIZE = "CamelAzureStorageBlobBlobSize";

    @Override
    String scheme() {
        return "azure-storage-blob";
    }

    /** The stream of a read is closed by its reader, not when the producer's exchange completes. */
    @Override
    String producerUri(String declaredUri) {
        return declaredUri.contains("closeStreamAfterRead=") ? declaredUri
                : withOptions(declaredUri, "closeStreamAfterRead=false");
    }

    @Override
    void prepareWrite(Message message, String path, String temporaryName, long size, String checksum,
                      String algorithm) {
        if (size < 0) {
            // Without the size the component would buffer the whole stream to learn it.
            throw new ProcessingErrorException("an Azure blob is written in one Put Blob, which needs the size of the "
                    + "source beforehand; this source did not declare its size");
        }
        message.setHeader(OPERATION, "uploadBlockBlob");
        message.setHeader(BLOB_NAME, path);
        message.setHeader(UPLOAD_SIZE, size);
        if (checksum != null && "MD5".equalsIgnoreCase(algorithm)) {
            message.setHeader(CONTENT_MD5, HexFormat.of().parseHex(checksum));
        }
    }

    @Override
    String temporaryPath(String path, String temporaryName) {
        return null;
    }

    @Override
    StoredFile open(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        Endpoint endpoint = context.getEndpoint(producerUri(declaredUri));
        Producer producer = start(endpoint);
        try {
            Exchange exchange = endpoint.createExchange();
            exchange.getIn().setHeader(OPERATION, "getBlob");
            exchange.getIn().setHeader(BLOB_NAME, path);
            producer.process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            Message message = exchange.getMessage();
            Long size = message.getHeader(BLOB_SIZE, Long.class);
            return new StoredFile(message.getMandatoryBody(InputStream.class), size == null ? -1 : size,
                    message.getHeader(CONTENT_MD5, byte[].class), () -> ServiceHelper.stopAndShutdownService(producer));
        } catch (Exception e) {
            ServiceHelper.stopAndShutdownService(producer);
            if (isNotFound(e)) {
                return null;
            }
            throw e instanceof IOException io ? io : new IOException("reading the blob failed: " + e.getMessage(), e);
        }
    }

    @Override
    void remove(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        Endpoint endpoint = context.getEndpoint(producerUri(declaredUri));
        Producer producer = start(endpoint);
        try {
            Exchange exchange = endpoint.createExchange();
            exchange.getIn().setHeader(OPERATION, "deleteBlob");
            exchange.getIn().setHeader(BLOB_NAME, path);
            producer.process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
        } catch (Exception e) {
            if (!isNotFound(e)) {
                throw new IOException("deleting the blob failed: " + e.getMessage(), e);
            }
        } finally {
            ServiceHelper.stopAndShutdownService(producer);
        }
    }

    private static Producer start(Endpoint endpoint) throws IOException {
        try {
            Producer producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
            return producer;
        } catch (Exception e) {
            throw new IOException("the azure-storage-blob producer could not start: " + e.getMessage(), e);
        }
    }

    /** A 404 of the Azure SDK (BlobStorageException.getStatusCode), found by name: the SDK is not a compile dependency. */
    static boolean isNotFound(Throwable failure) {
        return Causes.stream(failure).anyMatch(AzureBlobDialect::hasStatus404);
    }

    private static boolean hasStatus404(Throwable failure) {
        try {
            Method status = failure.getClass().getMethod("getStatusCode");
            return Integer.valueOf(404).equals(status.invoke(failure));
        } catch (ReflectiveOperationException e) {
            // not an HTTP failure of the SDK
            return false;
        }
    }
}
