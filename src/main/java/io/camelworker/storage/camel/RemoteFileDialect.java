package io.camelworker.storage.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.PollingConsumer;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The remote file components of camel-ftp ({@code ftp}, {@code ftps}, {@code sftp}). A write goes to this attempt's
 * temporary name in {@value #PARTIAL_DIRECTORY}/ of the target directory (the producer's {@code tempFileName}), renamed to the final name by the
 * producer only once the content ended normally; an aborted write's temporary file is removed by a consumer with
 * {@code delete=true}. A file is read by a polling consumer with {@code fileName}, {@code noop} and
 * {@code streamDownload}, so that nothing is moved and the content streams from the server.
 */
final class RemoteFileDialect extends ComponentDialect {

    /** Header holding the temporary name of a write; the producer's {@code tempFileName} expression reads it. */
    static final String TEMPORARY_NAME = "CamelWorkerTemporaryName";

    /**
     * Hidden directory, next to the final file, of the writes under way: the remote file consumers skip hidden
     * entries (so a hidden temporary name could not be removed through Camel), not the files of a hidden directory.
     */
    static final String PARTIAL_DIRECTORY = ".partial";

    /** Options of every read: one named file, reported absent by an empty message instead of by silence. */
    private static final String READ_OPTIONS = "idempotent=false&stepwise=false&sendEmptyMessageWhenIdle=true&initialDelay=0"
            + "&delay=200&autoCreate=false&ignoreFileNotFoundOrPermissionError=true&throwExceptionOnConnectFailed=true";

    private final String scheme;

    RemoteFileDialect(String scheme) {
        this.scheme = scheme;
    }

    @Override
    String scheme() {
        return scheme;
    }

    /**
     * The temporary name comes from a header (RAW: the expression is the producer's, not a placeholder); the final
     * file is not deleted before the new one is complete ({@code eagerDeleteTargetFile=false}).
     */
    @Override
    String producerUri(String declaredUri) {
        return withOptions(declaredUri, "tempFileName=RAW(${header." + TEMPORARY_NAME + "})&eagerDeleteTargetFile=false");
    }

    @Override
    void prepareWrite(Message message, String path, String temporaryName, long size, String checksum,
                      String algorithm) {
        message.setHeader(Exchange.FILE_NAME, path);
        message.setHeader(TEMPORARY_NAME, PARTIAL_DIRECTORY + "/" + temporaryName);
    }

    @Override
    String temporaryPath(String path, String temporaryName) {
        int slash = path.lastIndexOf('/');
        return (slash < 0 ? "" : path.substring(0, slash + 1)) + PARTIAL_DIRECTORY + "/" + temporaryName;
    }

    @Override
    StoredFile open(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        Polled polled = poll(context, consumerUri(declaredUri, path, "noop=true&streamDownload=true"), timeout);
        if (polled == null) {
            return null;
        }
        try {
            Message message = polled.exchange().getIn();
            InputStream content = message.getMandatoryBody(InputStream.class);
            Long size = message.getHeader(Exchange.FILE_LENGTH, Long.class);
            return new StoredFile(content, size == null ? -1 : size, null, polled::close);
        } catch (Exception e) {
            polled.close();
            throw new IOException("reading the file failed: " + e.getMessage(), e);
        }
    }

    /** A consumer with {@code delete=true} removes the file once its exchange is done. */
    @Override
    void remove(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        Polled polled = poll(context, consumerUri(declaredUri, path, "delete=true"), timeout);
        if (polled != null) {
            polled.close();
        }
    }

    /** The declared URI for the directory of {@code path}, reading only its file. */
    private static String consumerUri(String declaredUri, String path, String options) {
        int question = declaredUri.indexOf('?');
        String base = question < 0 ? declaredUri : declaredUri.substring(0, question);
        String query = question < 0 ? "" : declaredUri.substring(question + 1);
        int slash = path.lastIndexOf('/');
        StringBuilder uri = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        if (slash > 0) {
            for (String segment : path.substring(0, slash).split("/")) {
                uri.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        uri.append('?');
        if (!query.isEmpty()) {
            uri.append(query).append('&');
        }
        return uri.append("fileName=").append(URLEncoder.encode(path.substring(slash + 1), StandardCharsets.UTF_8))
                .append('&').append(READ_OPTIONS).append('&').append(options).toString();
    }

    /**
     * Polls one file with a consumer of its own (not kept in the context: each file has its own URI), or returns null
     * when the directory holds no such file.
     */
    private Polled poll(CamelContext context, String uri, Duration timeout) throws IOException {
        Endpoint endpoint;
        PollingConsumer consumer;
        try {
            endpoint = context.getComponent(scheme).createEndpoint(context.resolvePropertyPlaceholders(uri));
            ServiceHelper.startService(endpoint);
            consumer = endpoint.createPollingConsumer();
            ServiceHelper.startService(consumer);
        } catch (Exception e) {
            throw new IOException("the " + scheme + " consumer could not start: " + e.getMessage(), e);
        }
        Polled polled = null;
        try {
            Exchange exchange = consumer.receive(timeout.toMillis());
            if (exchange == null) {
                throw new IOException("the server did not deliver the file (nor tell it is absent) within " + timeout
                        + "; the read is retried");
            }
            polled = new Polled(exchange, consumer, endpoint);
            if (exchange.getIn().getBody() == null) {
                polled.close();
                return null;
            }
            return polled;
        } finally {
            if (polled == null) {
                ServiceHelper.stopAndShutdownServices(consumer, endpoint);
            }
        }
    }

    /** A polled exchange; closing it completes the exchange (a delete=true consumer deletes then) and stops the consumer. */
    private record Polled(Exchange exchange, PollingConsumer consumer, Endpoint endpoint) {

        void close() {
            try {
                UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
            } finally {
                ServiceHelper.stopAndShutdownServices(consumer, endpoint);
            }
        }
    }
}
